import { describe, expect, it } from 'vitest';
import { launchOf, selectCampaign, targetsOf } from '../../src/evidence/select.js';
import { UserError } from '../../src/model/errors.js';
import type { OktaCampaignSummary } from '../../src/okta/port.js';
import { review } from './inputs.js';

const marker = '[managed by okta-access-gitops]';

function summary(id: string, status: string, name = 'Payroll review', managed = true): OktaCampaignSummary {
  return { id, name, status, description: managed ? `Review ${marker}` : 'someone else' };
}

function refusal(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('expected a UserError');
}

describe('selectCampaign', () => {
  it('takes the one launched campaign of that name that okta-access manages', () => {
    const chosen = selectCampaign(
      [
        summary('ici1', 'COMPLETED'),
        summary('ici2', 'ACTIVE', 'Other'),
        summary('ici3', 'ACTIVE', 'Payroll review', false),
      ],
      'Payroll review',
      marker,
      undefined,
    );
    expect(chosen.id).toBe('ici1');
  });

  it('says when Okta has no such campaign, or only one it does not manage', () => {
    expect(refusal(() => selectCampaign([], 'Payroll review', marker, undefined))).toMatchObject({
      code: 'EVIDENCE_CAMPAIGN_NOT_IN_OKTA',
      message: 'Okta has no campaign named "Payroll review"',
    });
    expect(
      refusal(() =>
        selectCampaign(
          [summary('ici1', 'ACTIVE', 'Payroll review', false)],
          'Payroll review',
          marker,
          undefined,
        ),
      ).message,
    ).toContain('does not carry the ownership marker');
  });

  it('refuses a campaign that has not launched', () => {
    expect(
      refusal(() => selectCampaign([summary('ici1', 'SCHEDULED')], 'Payroll review', marker, undefined)),
    ).toMatchObject({
      code: 'EVIDENCE_CAMPAIGN_NOT_LAUNCHED',
    });
  });

  it('asks for --campaign-id when several occurrences launched, and takes the one named', () => {
    const occurrences = [
      summary('ici2', 'COMPLETED'),
      summary('ici1', 'ACTIVE'),
      summary('ici0', 'SCHEDULED'),
    ];
    const ambiguous = refusal(() => selectCampaign(occurrences, 'Payroll review', marker, undefined));
    expect(ambiguous).toMatchObject({ code: 'EVIDENCE_CAMPAIGN_AMBIGUOUS' });
    expect(ambiguous.hint).toBe('choose one with --campaign-id: ici1 (ACTIVE), ici2 (COMPLETED)');
    expect(selectCampaign(occurrences, 'Payroll review', marker, 'ici2').id).toBe('ici2');
    expect(refusal(() => selectCampaign(occurrences, 'Payroll review', marker, 'ici9'))).toMatchObject({
      code: 'EVIDENCE_CAMPAIGN_ID',
    });
  });
});

describe('launchOf', () => {
  it("prefers Okta's launchedDate, then the earliest review, then the start date; to the second, in UTC", () => {
    const reviews = [
      review({ id: 'icr1', created: '2026-05-01T10:00:07.900Z' }),
      review({ id: 'icr2', created: '2026-05-01T10:00:03Z' }),
    ];
    const schedule = { scheduleSettings: { startDate: '2027-01-01T09:00:00-07:00' } };
    expect(launchOf({ ...schedule, launchedDate: '2026-04-30T08:00:00.5Z' }, reviews)).toEqual({
      instant: '2026-04-30T08:00:00Z',
      from: 'campaign.launchedDate',
    });
    expect(launchOf(schedule, reviews)).toEqual({ instant: '2026-05-01T10:00:03Z', from: 'reviews.created' });
    expect(launchOf(schedule, [])).toEqual({
      instant: '2027-01-01T16:00:00Z',
      from: 'campaign.scheduleSettings.startDate',
    });
    expect(launchOf({}, [])).toBeUndefined();
  });
});

describe('targetsOf', () => {
  it('separates groups from other targets', () => {
    expect(
      targetsOf({
        resourceSettings: {
          targetResources: [
            { resourceId: '00gB', resourceType: 'GROUP' },
            { resourceId: '0oaA', resourceType: 'APPLICATION' },
            { resourceId: '00gA' },
            { resourceType: 'GROUP' },
          ],
        },
      }),
    ).toEqual({ groups: ['00gA', '00gB'], others: ['0oaA'] });
    expect(targetsOf({})).toEqual({ groups: [], others: [] });
  });
});
