import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { buildCampaignBody, compareBodies } from '../../src/campaigns/body.js';
import { loadDesired } from '../../src/load/index.js';
import type { Json } from '../../src/model/campaign.js';
import { expectRequestConforms } from '../contract/openapi.js';

type Body = { readonly [key: string]: Json };

const configPath = fileURLToPath(new URL('../../examples/okta-blog/okta-access.yaml', import.meta.url));

/** Made-up ids for the org the blog's flows run against. */
const ids = {
  admins: '00gextappadmins00001',
  readWrite: '00gextappreadwrite02',
  readOnly: '00gextappreadonly003',
  /** The blog's `oktaAdminId` environment variable: here the fallback reviewer the file names. */
  fallback: '00ulenamorris0000001',
};

/**
 * The body Okta's "M51 - Create campaign" flow POSTs (OKTA-API.md §3.1, [FLOW]) for the app External_App: its
 * groups (the blog names them `<app>-<group>`), tomorrow's date, the admin as fallback reviewer.
 */
const m51 = {
  name: ' External_App Entitlements',
  description: 'Review all Entitlements associated with the External_App application',
  scheduleSettings: {
    type: 'ONE_OFF',
    startDate: '<now + 1 day>',
    durationInDays: 30,
    timeZone: 'America/Los_Angeles',
  },
  resourceSettings: {
    type: 'GROUP',
    targetResources: [
      { resourceId: ids.admins },
      { resourceId: ids.readWrite },
      { resourceId: ids.readOnly },
    ],
  },
  principalScopeSettings: { type: 'USERS' },
  reviewerSettings: {
    type: 'REVIEWER-EXPRESSION',
    reviewerScopeExpression: 'user.profile.managerId',
    fallBackReviewerId: ids.fallback,
  },
  remediationSettings: { accessApproved: 'NO_ACTION', accessRevoked: 'NO_ACTION', noResponse: 'NO_ACTION' },
} as const;

async function blogBody() {
  const { state, diagnostics } = await loadDesired({
    configPath,
    env: {},
    now: new Date('2026-11-01T00:00:00Z'),
  });
  expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  if (state === undefined) throw new Error('the okta-blog example did not load');
  const campaign = state.campaigns.get('External_App Entitlements');
  if (campaign === undefined)
    throw new Error('the okta-blog example has no campaign "External_App Entitlements"');
  const built = buildCampaignBody(
    campaign.definition,
    state.apps,
    {
      users: new Map([['lena.morris@example.com', ids.fallback]]),
      groups: new Map([
        ['external_app-all_admins', ids.admins],
        ['external_app-user_readwrite', ids.readWrite],
        ['external_app-user_readonly', ids.readOnly],
      ]),
    },
    state.config.ownership.marker,
  );
  return { ...built, marker: state.config.ownership.marker, launch: campaign.definition.launch };
}

describe('the okta-blog example: the campaign of Okta Workflows flow M51', () => {
  it('builds the body M51 POSTs, apart from the documented differences', async () => {
    const { body, targetGroups, missing, marker, launch } = await blogBody();
    expect(missing).toEqual([]);
    expect(targetGroups).toEqual([
      'External_App-All_Admins',
      'External_App-User_ReadOnly',
      'External_App-User_ReadWrite',
    ]);
    expectRequestConforms('createCampaign', body);

    // The same keys as M51's body, plus the campaign type Okta defaults to RESOURCE.
    expect(Object.keys(body).sort()).toEqual([...Object.keys(m51), 'campaignType'].sort());
    expect(body.campaignType).toBe('RESOURCE');
    // M51 writes " <AppName> Entitlements" with a leading space; the file names the campaign without it.
    expect(body.name).toBe(m51.name.trim());
    // Our ownership marker follows the description.
    expect(body.description).toBe(`${m51.description} ${marker}`);
    // A fixed start date instead of "tomorrow"; the rest of the schedule as M51 sets it.
    expect(body.scheduleSettings).toEqual({ ...m51.scheduleSettings, startDate: '2027-01-04T09:00:00.000Z' });
    // The app's groups, as `targetTypes` (Okta's recommendation) instead of the older `type`, each typed GROUP.
    const resources = body.resourceSettings as Body;
    expect(Object.keys(resources).sort()).toEqual(['targetResources', 'targetTypes']);
    expect(resources.targetTypes).toEqual([m51.resourceSettings.type]);
    const targets = resources.targetResources as Body[];
    expect(targets.map((target) => target.resourceId).sort()).toEqual(
      m51.resourceSettings.targetResources.map((target) => target.resourceId).sort(),
    );
    for (const target of targets) expect(target.resourceType).toBe('GROUP');
    expect(body.principalScopeSettings).toEqual(m51.principalScopeSettings);
    // The spec's REVIEWER_EXPRESSION for the flow's REVIEWER-EXPRESSION.
    expect(body.reviewerSettings).toEqual({ ...m51.reviewerSettings, type: 'REVIEWER_EXPRESSION' });
    expect(body.remediationSettings).toEqual(m51.remediationSettings);
    // M52 launches the campaign right after M51 creates it.
    expect(launch).toBe('on-apply');
  });

  it('compares equal to the M51 body once its date and description are those of the file', async () => {
    const { body, marker } = await blogBody();
    const flow = {
      ...m51,
      name: m51.name.trim(),
      description: `${m51.description} ${marker}`,
      scheduleSettings: { ...m51.scheduleSettings, startDate: '2027-01-04T01:00:00-08:00' },
    };
    expect(compareBodies(flow, body)).toEqual([]);
  });

  it("follows the spec where the flow does not: Okta's schema rejects the flow's REVIEWER-EXPRESSION", () => {
    const flow = { ...m51, scheduleSettings: { ...m51.scheduleSettings, startDate: '2027-01-04T09:00:00Z' } };
    expect(() => expectRequestConforms('createCampaign', flow)).toThrow(/reviewerSettings\/type/);
    const spelt = { ...flow, reviewerSettings: { ...flow.reviewerSettings, type: 'REVIEWER_EXPRESSION' } };
    expect(() => expectRequestConforms('createCampaign', spelt)).not.toThrow();
  });
});
