import { describe, expect, it } from 'vitest';
import { campaignFileOf, targetsOnly } from '../../src/import/campaign.js';

const marker = '[managed by okta-access-gitops]';
const names = {
  app: 'Payroll',
  entitlementsByGroupId: new Map([
    ['00gadmin000000000000', 'Admin'],
    ['00gviewer00000000000', 'Viewer'],
  ]),
  emailsByUserId: new Map([['00uolivia00000000000', 'olivia@example.com']]),
  groupNamesById: new Map([['00greviewers00000000', 'Reviewers']]),
  marker,
};

const body = {
  name: 'Q1',
  description: `Quarterly ${marker}`,
  status: 'ACTIVE',
  scheduleSettings: {
    type: 'ONE_OFF',
    startDate: '2027-01-04T09:00:00.000Z',
    durationInDays: 30,
    timeZone: 'UTC',
  },
  resourceSettings: {
    targetTypes: ['GROUP'],
    targetResources: [
      { resourceId: '00gviewer00000000000', resourceType: 'GROUP' },
      { resourceId: '00gadmin000000000000', resourceType: 'GROUP' },
    ],
  },
  principalScopeSettings: { type: 'USERS' },
  reviewerSettings: {
    type: 'MULTI_LEVEL',
    reviewerLevels: [
      {
        type: 'GROUP',
        reviewerGroupId: '00greviewers00000000',
        fallBackReviewerId: '00uolivia00000000000',
        startReview: { onDay: 0 },
      },
      {
        type: 'USER',
        reviewerId: '00uolivia00000000000',
        startReview: { onDay: 7, when: 'LOWER_LEVEL_APPROVES' },
      },
    ],
  },
  remediationSettings: { accessApproved: 'NO_ACTION', accessRevoked: 'DENY', noResponse: 'NO_ACTION' },
  notificationSettings: { remindersReviewerBeforeCampaignCloseInSecs: [86400] },
};

describe('campaignFileOf', () => {
  it('names ids, says "all" when every entitlement is reviewed, and keeps the levels', () => {
    const result = campaignFileOf(body, names);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.file).toBe('q1.yaml');
    expect(result.text).toContain(
      [
        'name: Q1',
        'description: Quarterly',
        'resources:',
        '  - app: Payroll',
        '    entitlements: all',
        'schedule:',
        '  type: ONE_OFF',
        '  startDate: 2027-01-04T09:00:00.000Z',
        '  durationInDays: 30',
        '  timeZone: UTC',
        'reviewers:',
        '  type: MULTI_LEVEL',
        '  levels:',
        '    - type: GROUP',
        '      group: Reviewers',
        '      fallbackReviewer: olivia@example.com',
        '      startReview:',
        '        onDay: 0',
        '    - type: USER',
        '      user: olivia@example.com',
        '      startReview:',
        '        onDay: 7',
        '        when: LOWER_LEVEL_APPROVES',
        'remediation:',
        '  accessRevoked: DENY',
        '  noResponse: NO_ACTION',
        'notifications:',
        '  remindersBeforeCloseInSecs:',
        '    - 86400',
      ].join('\n'),
    );
  });

  it('refuses a campaign that names a user the org no longer has', () => {
    const orphan = { ...body, reviewerSettings: { type: 'USER', reviewerId: '00ugone0000000000000' } };
    expect(campaignFileOf(orphan, names)).toEqual({
      ok: false,
      name: 'Q1',
      reason: 'it names what the org no longer has: user 00ugone0000000000000',
    });
  });
});

describe('targetsOnly', () => {
  it('is true only for campaigns reviewing nothing but the imported groups', () => {
    const ids = new Set(names.entitlementsByGroupId.keys());
    expect(targetsOnly(body, ids)).toBe(true);
    expect(targetsOnly(body, new Set(['00gadmin000000000000']))).toBe(false);
    expect(targetsOnly({ ...body, resourceSettings: { targetResources: [] } }, ids)).toBe(false);
  });
});
