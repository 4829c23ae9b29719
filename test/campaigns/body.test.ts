import { describe, expect, it } from 'vitest';
import {
  buildCampaignBody,
  campaignEmails,
  campaignGroupNames,
  compareBodies,
  normalizeActual,
  normalizeDesired,
} from '../../src/campaigns/body.js';
import type { Json } from '../../src/model/campaign.js';
import type { CampaignDefinition } from '../../src/model/state.js';
import { expectRequestConforms } from '../contract/openapi.js';
import { apps, definition, ids, marker, resolution } from './fixtures.js';

type Body = { readonly [key: string]: Json };

function build(campaign: CampaignDefinition) {
  const built = buildCampaignBody(campaign, apps, resolution, marker);
  // Every body this tool sends is one Okta's governance API documents.
  expectRequestConforms('createCampaign', built.body);
  return built;
}

describe('buildCampaignBody: the create body', () => {
  it('builds a manager review with every section of campaign-mutable', () => {
    const { body, targetGroups, missing } = build(definition());
    expect(missing).toEqual([]);
    expect(targetGroups).toEqual(['Payroll-Admin', 'Payroll-Approver', 'Payroll-Viewer']);
    expect(body).toEqual({
      name: 'Payroll quarterly access review',
      description: `Managers confirm who may use payroll. ${marker}`,
      campaignType: 'RESOURCE',
      scheduleSettings: {
        type: 'ONE_OFF',
        startDate: '2027-01-11T16:00:00.000Z',
        durationInDays: 21,
        timeZone: 'America/Denver',
      },
      resourceSettings: {
        targetTypes: ['GROUP'],
        targetResources: [
          { resourceId: ids.payrollAdmin, resourceType: 'GROUP' },
          { resourceId: ids.payrollApprover, resourceType: 'GROUP' },
          { resourceId: ids.payrollViewer, resourceType: 'GROUP' },
        ],
      },
      principalScopeSettings: { type: 'USERS' },
      reviewerSettings: {
        type: 'REVIEWER_EXPRESSION',
        reviewerScopeExpression: 'user.profile.managerId',
        fallBackReviewerId: ids.priya,
      },
      remediationSettings: {
        accessApproved: 'NO_ACTION',
        accessRevoked: 'NO_ACTION',
        noResponse: 'NO_ACTION',
      },
    });
  });

  it('writes the start date as an instant in UTC with milliseconds, and a recurrence', () => {
    const { body } = build(
      definition({
        schedule: {
          type: 'RECURRING',
          startDate: '2027-01-11T09:00:00-07:00',
          durationInDays: 21,
          timeZone: 'America/Denver',
          recurrence: {
            interval: 'P3M',
            repeatOnType: 'SAME_DAY_AS_START_DATE',
            ends: '2028-01-11T09:00-07:00',
          },
        },
      }),
    );
    expect(body.scheduleSettings).toEqual({
      type: 'RECURRING',
      startDate: '2027-01-11T16:00:00.000Z',
      durationInDays: 21,
      timeZone: 'America/Denver',
      recurrence: {
        interval: 'P3M',
        repeatOnType: 'SAME_DAY_AS_START_DATE',
        ends: '2028-01-11T16:00:00.000Z',
      },
    });
  });

  it('appends the ownership marker to the description, or to a default one, within 1000 characters', () => {
    const { description: _description, ...withoutDescription } = definition();
    expect(build(withoutDescription).body.description).toBe(
      `Access review managed by okta-access-gitops ${marker}`,
    );
    const long = build(definition({ description: 'x'.repeat(990) })).body.description as string;
    expect(long).toHaveLength(1000);
    expect(long.endsWith(` ${marker}`)).toBe(true);
    expect(long).toContain('x…');
  });

  it('maps remediation, notifications and reporting, and leaves out the sections the file does not set', () => {
    const { body } = build(
      definition({
        remediation: { accessRevoked: 'DENY' },
        notifications: {
          notifyReviewerWhenReviewAssigned: true,
          notifyReviewPeriodEnd: false,
          remindersBeforeCloseInSecs: [259200, 86400],
        },
        reporting: { createReportingPackage: true },
      }),
    );
    expect(body.remediationSettings).toEqual({
      accessApproved: 'NO_ACTION',
      accessRevoked: 'DENY',
      noResponse: 'NO_ACTION',
    });
    expect(body.notificationSettings).toEqual({
      notifyReviewerWhenReviewAssigned: true,
      notifyReviewPeriodEnd: false,
      remindersReviewerBeforeCampaignCloseInSecs: [259200, 86400],
    });
    expect(body.reportingSettings).toEqual({ createReportingPackageEnabled: true });
    const plain = build(definition()).body;
    expect(plain).not.toHaveProperty('notificationSettings');
    expect(plain).not.toHaveProperty('reportingSettings');
  });

  it('resolves principals: scope expression, users, groups, excluded users, active only, inactive days', () => {
    const { body, missing } = build(
      definition({
        principals: {
          userScopeExpression: 'user.profile.department == "Finance"',
          users: ['Omar.Haddad@example.com', 'kwame.mensah@example.com'],
          groups: ['Finance'],
          excludedUsers: ['fatima.alsayed@example.com'],
          includeOnlyActiveUsers: true,
          inactiveDays: 90,
        },
      }),
    );
    expect(missing).toEqual([]);
    expect(body.principalScopeSettings).toEqual({
      type: 'USERS',
      userScopeExpression: 'user.profile.department == "Finance"',
      userIds: [ids.kwame, ids.omar].sort(),
      groupIds: [ids.finance],
      excludedUserIds: [ids.fatima],
      includeOnlyActiveUsers: true,
      predefinedInactiveUsersScope: { inactiveDays: 90 },
    });
  });
});

describe('buildCampaignBody: reviewer types', () => {
  it('USER: one reviewer by id, with the review flags; a fallback reviewer has no use and is not sent', () => {
    const { body } = build(
      definition({
        reviewers: {
          type: 'USER',
          user: 'fatima.alsayed@example.com',
          fallbackReviewer: 'nobody@example.com',
          selfReviewDisabled: true,
          justificationRequired: true,
          bulkDecisionDisabled: true,
          reassignmentDisabled: false,
        },
      }),
    );
    expect(body.reviewerSettings).toEqual({
      type: 'USER',
      reviewerId: ids.fatima,
      selfReviewDisabled: true,
      justificationRequired: true,
      bulkDecisionDisabled: true,
      reassignmentDisabled: false,
    });
  });

  it('GROUP: the members of a group, with a fallback reviewer', () => {
    const { body } = build(
      definition({
        reviewers: { type: 'GROUP', group: 'Internal Audit', fallbackReviewer: 'priya.raman@example.com' },
      }),
    );
    expect(body.reviewerSettings).toEqual({
      type: 'GROUP',
      reviewerGroupId: ids.auditors,
      fallBackReviewerId: ids.priya,
    });
  });

  it('REVIEWER_EXPRESSION: spelt as the spec spells it, with the expression and the fallback', () => {
    const { body } = build(definition());
    expect(body.reviewerSettings).toEqual({
      type: 'REVIEWER_EXPRESSION',
      reviewerScopeExpression: 'user.profile.managerId',
      fallBackReviewerId: ids.priya,
    });
  });

  it('RESOURCE_OWNER: the owners of each group, with the fallback', () => {
    const { body } = build(
      definition({ reviewers: { type: 'RESOURCE_OWNER', fallbackReviewer: 'kwame.mensah@example.com' } }),
    );
    expect(body.reviewerSettings).toEqual({ type: 'RESOURCE_OWNER', fallBackReviewerId: ids.kwame });
  });

  it('MULTI_LEVEL: two levels, each with its start; the campaign-wide self-review setting goes to each level', () => {
    const { body } = build(
      definition({
        reviewers: {
          type: 'MULTI_LEVEL',
          selfReviewDisabled: true,
          justificationRequired: true,
          levels: [
            {
              type: 'REVIEWER_EXPRESSION',
              expression: 'user.profile.managerId',
              fallbackReviewer: 'priya.raman@example.com',
            },
            {
              type: 'GROUP',
              group: 'Internal Audit',
              selfReviewDisabled: false,
              startReview: { onDay: 10, when: 'LOWER_LEVEL_APPROVES' },
            },
          ],
        },
      }),
    );
    expect(body.reviewerSettings).toEqual({
      type: 'MULTI_LEVEL',
      reviewerLevels: [
        {
          type: 'REVIEWER_EXPRESSION',
          reviewerScopeExpression: 'user.profile.managerId',
          fallBackReviewerId: ids.priya,
          selfReviewDisabled: true,
          startReview: { onDay: 0 },
        },
        {
          type: 'GROUP',
          reviewerGroupId: ids.auditors,
          selfReviewDisabled: false,
          startReview: { onDay: 10, when: 'LOWER_LEVEL_APPROVES' },
        },
      ],
      justificationRequired: true,
    });
  });
});

describe('buildCampaignBody: targets', () => {
  it('entitlements: all targets every entitlement group of the app, sorted by name', () => {
    const { body, targetGroups } = build(
      definition({ resources: [{ app: 'Expenses', entitlements: 'all' }] }),
    );
    expect(targetGroups).toEqual(['Expenses-Admin', 'Expenses-Submitter']);
    // Expenses-Submitter does not exist in Okta yet: apply creates it, then resolves it.
    expect(body.resourceSettings).toEqual({
      targetTypes: ['GROUP'],
      targetResources: [{ resourceId: ids.expensesAdmin, resourceType: 'GROUP' }],
    });
  });

  it('a list targets the entitlements it names; several resources merge without duplicates', () => {
    const { body, targetGroups } = build(
      definition({
        resources: [
          { app: 'Payroll', entitlements: ['Viewer', 'Admin'] },
          { app: 'Expenses', entitlements: ['Submitter'] },
          { app: 'Payroll', entitlements: ['Admin'] },
        ],
      }),
    );
    expect(targetGroups).toEqual(['Expenses-Submitter', 'Payroll-Admin', 'Payroll-Viewer']);
    expect(body.resourceSettings).toEqual({
      targetTypes: ['GROUP'],
      targetResources: [
        { resourceId: ids.payrollAdmin, resourceType: 'GROUP' },
        { resourceId: ids.payrollViewer, resourceType: 'GROUP' },
      ],
    });
  });

  it('skips an app or entitlement no file declares (validation reports those)', () => {
    const { targetGroups } = buildCampaignBody(
      definition({
        resources: [
          { app: 'Payroll', entitlements: ['Admin', 'Nope'] },
          { app: 'Unknown', entitlements: 'all' },
        ],
      }),
      apps,
      resolution,
      marker,
    );
    expect(targetGroups).toEqual(['Payroll-Admin']);
  });
});

describe('buildCampaignBody: names Okta does not have', () => {
  it('reports each missing user and group with the YAML path it is written at, and leaves its field out', () => {
    const { body, missing } = buildCampaignBody(
      definition({
        principals: {
          users: ['omar.haddad@example.com', 'ghost@example.com'],
          groups: ['Finance', 'Phantoms'],
          excludedUsers: ['Nobody@example.com'],
        },
        reviewers: {
          type: 'MULTI_LEVEL',
          levels: [
            { type: 'USER', user: 'absent@example.com' },
            {
              type: 'GROUP',
              group: 'No Such Group',
              fallbackReviewer: 'gone@example.com',
              startReview: { onDay: 5 },
            },
          ],
        },
      }),
      apps,
      resolution,
      marker,
    );
    expect(missing).toEqual([
      { kind: 'user', name: 'absent@example.com', path: ['reviewers', 'levels', 0, 'user'] },
      { kind: 'group', name: 'No Such Group', path: ['reviewers', 'levels', 1, 'group'] },
      { kind: 'user', name: 'gone@example.com', path: ['reviewers', 'levels', 1, 'fallbackReviewer'] },
      { kind: 'user', name: 'ghost@example.com', path: ['principals', 'users', 1] },
      { kind: 'group', name: 'Phantoms', path: ['principals', 'groups', 1] },
      { kind: 'user', name: 'Nobody@example.com', path: ['principals', 'excludedUsers', 0] },
    ]);
    expect(body.principalScopeSettings).toEqual({
      type: 'USERS',
      userIds: [ids.omar],
      groupIds: [ids.finance],
    });
    expect(body.reviewerSettings).toEqual({
      type: 'MULTI_LEVEL',
      reviewerLevels: [
        { type: 'USER', startReview: { onDay: 0 } },
        { type: 'GROUP', startReview: { onDay: 5 } },
      ],
    });
  });

  it('reports the fallback reviewer of a manager review', () => {
    const { missing, body } = buildCampaignBody(
      definition({
        reviewers: {
          type: 'REVIEWER_EXPRESSION',
          expression: 'user.profile.managerId',
          fallbackReviewer: 'Lena.Morris@example.com',
        },
      }),
      apps,
      resolution,
      marker,
    );
    expect(missing).toEqual([
      { kind: 'user', name: 'Lena.Morris@example.com', path: ['reviewers', 'fallbackReviewer'] },
    ]);
    expect(body.reviewerSettings).toEqual({
      type: 'REVIEWER_EXPRESSION',
      reviewerScopeExpression: 'user.profile.managerId',
    });
  });
});

describe('campaignEmails / campaignGroupNames', () => {
  const campaign = definition({
    principals: {
      users: ['Omar.Haddad@example.com', 'omar.haddad@example.com'],
      groups: ['Finance'],
      excludedUsers: ['kwame.mensah@example.com'],
    },
    reviewers: {
      type: 'MULTI_LEVEL',
      levels: [
        { type: 'USER', user: 'Fatima.Alsayed@example.com' },
        { type: 'GROUP', group: 'Internal Audit', fallbackReviewer: 'priya.raman@example.com' },
      ],
    },
  });

  it('lists the lower-cased emails the body needs: reviewers, fallbacks, levels, principals', () => {
    expect(campaignEmails(campaign)).toEqual([
      'fatima.alsayed@example.com',
      'kwame.mensah@example.com',
      'omar.haddad@example.com',
      'priya.raman@example.com',
    ]);
    expect(campaignEmails(definition())).toEqual(['priya.raman@example.com']);
    expect(
      campaignEmails(
        definition({ reviewers: { type: 'USER', user: 'A@example.com', fallbackReviewer: 'b@x.io' } }),
      ),
    ).toEqual(['a@example.com']);
  });

  it('lists the lower-cased reviewer and principal group names (not the targets)', () => {
    expect(campaignGroupNames(campaign)).toEqual(['finance', 'internal audit']);
    expect(campaignGroupNames(definition())).toEqual([]);
  });
});

/** campaign-full as Okta answers for a body: dates in the campaign's zone, defaults filled, read-only fields. */
function asOktaReturnsIt(body: Body): Body {
  const settings = body.scheduleSettings as Body;
  const reviewer = body.reviewerSettings as Body;
  const resources = body.resourceSettings as Body;
  return {
    id: 'icizzkrd7iNBg9gdw0g3',
    created: '2026-11-20T10:01:02Z',
    createdBy: '00uadmin000000000001',
    lastUpdated: '2026-11-20T10:01:02Z',
    lastUpdatedBy: '00uadmin000000000001',
    name: body.name as string,
    description: body.description as string,
    campaignType: 'RESOURCE',
    scheduleSettings: {
      ...settings,
      startDate: '2027-01-11T09:00:00-07:00',
      endDate: '2027-02-01T09:00:00-07:00',
    },
    resourceSettings: {
      ...resources,
      targetResources: [...(resources.targetResources as Body[])]
        .reverse()
        .map((target) => ({ ...target, includeAllEntitlementsAndBundles: false })),
    },
    principalScopeSettings: { type: 'USERS', excludedUserIds: [], userIds: null, groupIds: [] },
    reviewerSettings: {
      ...reviewer,
      selfReviewDisabled: false,
      justificationRequired: false,
      bulkDecisionDisabled: false,
    },
    notificationSettings: {
      notifyReviewerWhenReviewAssigned: false,
      notifyReviewerAtCampaignEnd: false,
      remindersReviewerBeforeCampaignCloseInSecs: [172800, 86400],
      notifyReviewerWhenOverdue: false,
      notifyReviewerDuringMidpointOfReview: false,
      notifyReviewPeriodEnd: false,
    },
    remediationSettings: body.remediationSettings as Body,
    recurringCampaignId: null,
    status: 'SCHEDULED',
    _links: {
      launchCampaign: {
        href: 'https://example.okta.com/governance/api/v1/campaigns/icizzkrd7iNBg9gdw0g3/launch',
      },
      self: { href: 'https://example.okta.com/governance/api/v1/campaigns/icizzkrd7iNBg9gdw0g3' },
    },
  };
}

describe('normalizeActual / compareBodies', () => {
  it('an unchanged campaign compares equal: read-only fields, zoned dates, defaults and order do not count', () => {
    const { body } = build(definition());
    const actual = normalizeActual(asOktaReturnsIt(body));
    expect(actual).toEqual(normalizeDesired(body));
    expect(compareBodies(actual, body)).toEqual([]);
    expect(actual).not.toHaveProperty('id');
    expect(actual).not.toHaveProperty('status');
    expect(actual).not.toHaveProperty('_links');
    expect(actual.scheduleSettings).toEqual({
      type: 'ONE_OFF',
      startDate: '2027-01-11T16:00:00.000Z',
      durationInDays: 21,
      timeZone: 'America/Denver',
    });
  });

  it('is idempotent and reads the legacy resource type, the hyphenated reviewer type and isSelfReviewDisabled', () => {
    const legacy = normalizeActual({
      name: 'x',
      scheduleSettings: {
        type: 'ONE_OFF',
        startDate: '2027-01-11T16:00:00Z',
        durationInDays: 1,
        timeZone: 'UTC',
      },
      resourceSettings: { type: 'GROUP', targetResources: [{ resourceId: 'b' }, { resourceId: 'a' }] },
      reviewerSettings: {
        type: 'REVIEWER-EXPRESSION',
        reviewerScopeExpression: 'user.profile.managerId',
        fallBackReviewerId: 'f',
        isSelfReviewDisabled: true,
      },
      remediationSettings: { accessApproved: 'NO_ACTION', accessRevoked: 'DENY', noResponse: 'NO_ACTION' },
    });
    expect(normalizeActual(legacy)).toEqual(legacy);
    expect(legacy.resourceSettings).toEqual({
      targetTypes: ['GROUP'],
      targetResources: [
        { resourceId: 'a', resourceType: 'GROUP' },
        { resourceId: 'b', resourceType: 'GROUP' },
      ],
    });
    expect(legacy.reviewerSettings).toMatchObject({ type: 'REVIEWER_EXPRESSION', selfReviewDisabled: true });
  });

  it('reports each changed field with its old and new value, sorted by path; lists change as a whole', () => {
    const before = build(definition()).body;
    const after = build(
      definition({
        schedule: { ...definition().schedule, durationInDays: 14 },
        resources: [{ app: 'Payroll', entitlements: ['Admin'] }],
        reviewers: { type: 'USER', user: 'fatima.alsayed@example.com' },
        notifications: { remindersBeforeCloseInSecs: [3600] },
      }),
    ).body;
    expect(compareBodies(normalizeActual(asOktaReturnsIt(before)), after)).toEqual([
      {
        op: 'replace',
        path: '/notificationSettings/remindersReviewerBeforeCampaignCloseInSecs',
        from: [86400, 172800],
        to: [3600],
      },
      {
        op: 'replace',
        path: '/resourceSettings/targetResources',
        from: [
          { resourceId: ids.payrollAdmin, resourceType: 'GROUP' },
          { resourceId: ids.payrollApprover, resourceType: 'GROUP' },
          { resourceId: ids.payrollViewer, resourceType: 'GROUP' },
        ],
        to: [{ resourceId: ids.payrollAdmin, resourceType: 'GROUP' }],
      },
      { op: 'remove', path: '/reviewerSettings/fallBackReviewerId', from: ids.priya },
      { op: 'add', path: '/reviewerSettings/reviewerId', to: ids.fatima },
      { op: 'remove', path: '/reviewerSettings/reviewerScopeExpression', from: 'user.profile.managerId' },
      { op: 'replace', path: '/reviewerSettings/type', from: 'REVIEWER_EXPRESSION', to: 'USER' },
      { op: 'replace', path: '/scheduleSettings/durationInDays', from: 21, to: 14 },
    ]);
  });

  it('compares reviewer levels field by field, and a principal list as a whole', () => {
    const levels = (second: string): CampaignDefinition['reviewers'] => ({
      type: 'MULTI_LEVEL',
      levels: [
        { type: 'USER', user: 'omar.haddad@example.com' },
        { type: 'USER', user: second, startReview: { onDay: 7 } },
      ],
    });
    const before = build(
      definition({
        reviewers: levels('kwame.mensah@example.com'),
        principals: { users: ['omar.haddad@example.com'] },
      }),
    ).body;
    const after = build(
      definition({
        reviewers: levels('fatima.alsayed@example.com'),
        principals: { users: ['omar.haddad@example.com', 'kwame.mensah@example.com'] },
      }),
    ).body;
    expect(compareBodies(before, after)).toEqual([
      {
        op: 'replace',
        path: '/principalScopeSettings/userIds',
        from: [ids.omar],
        to: [ids.kwame, ids.omar].sort(),
      },
      {
        op: 'replace',
        path: '/reviewerSettings/reviewerLevels/1/reviewerId',
        from: ids.kwame,
        to: ids.fatima,
      },
    ]);
  });

  it('shows a setting Okta defaults as a change from the default', () => {
    const before = build(definition()).body;
    const after = build(
      definition({ reviewers: { ...definition().reviewers, justificationRequired: true }, reporting: {} }),
    ).body;
    expect(compareBodies(before, after)).toEqual([
      { op: 'replace', path: '/reviewerSettings/justificationRequired', from: false, to: true },
    ]);
  });
});
