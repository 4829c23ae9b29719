import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildCampaignBody,
  compareBodies,
  normalizeActual,
  type Resolution,
} from '../../src/campaigns/body.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { Json } from '../../src/model/campaign.js';
import type { CampaignDefinition } from '../../src/model/state.js';
import { expectRequestConforms } from '../contract/openapi.js';
import { apps, definition, marker } from './fixtures.js';

type Body = { readonly [key: string]: Json };

const dayMs = 86_400_000;
const people = ['priya.raman', 'omar.haddad', 'fatima.alsayed', 'kwame.mensah'];
const groupNames = ['Payroll-Admin', 'Payroll-Viewer', 'Payroll-Approver', 'Internal Audit', 'Finance'];

/** A start a month from now at midnight UTC: in the future for the emulator, whatever day the tests run. */
const start = new Date((Math.floor(Date.now() / dayMs) + 30) * dayMs);

describe('campaign bodies round-trip through the emulator', () => {
  let emulator: RunningEmulator;
  let resolution: Resolution;

  beforeAll(async () => {
    emulator = await startEmulator({
      randomSeed: 11,
      seed: {
        users: people.map((name) => {
          const [firstName = '', lastName = ''] = name.split('.');
          return { email: `${name}@example.com`, firstName, lastName, manager: 'priya.raman@example.com' };
        }),
        groups: groupNames.map((name) => ({ name, members: ['omar.haddad@example.com'] })),
      },
    });
    const userId = (email: string) => emulator.store.findUser(email)?.id ?? '';
    const groupId = (name: string) => emulator.store.groupByName(name)?.id ?? '';
    resolution = {
      users: new Map(people.map((name) => [`${name}@example.com`, userId(`${name}@example.com`)])),
      groups: new Map(groupNames.map((name) => [name.toLowerCase(), groupId(name)])),
    };
  });

  afterAll(async () => {
    await emulator?.stop();
  });

  async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: Body }> {
    const response = await fetch(`${emulator.url}${path}`, {
      method,
      headers: {
        accept: 'application/json',
        authorization: `SSWS ${emulator.token}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, body: text === '' ? {} : (JSON.parse(text) as Body) };
  }

  function build(campaign: CampaignDefinition): Body {
    const built = buildCampaignBody(campaign, apps, resolution, marker);
    expect(built.missing).toEqual([]);
    expectRequestConforms('createCampaign', built.body);
    return built.body;
  }

  /** Creates the campaign, reads it back and normalizes what Okta holds. */
  async function createAndRead(body: Body): Promise<Body> {
    const created = await call('POST', '/governance/api/v1/campaigns', body);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const read = await call('GET', `/governance/api/v1/campaigns/${created.body.id as string}`);
    expect(read.status).toBe(200);
    return normalizeActual(read.body);
  }

  const full = definition({
    schedule: {
      type: 'RECURRING',
      startDate: start.toISOString().replace('.000Z', 'Z'),
      durationInDays: 21,
      timeZone: 'America/Denver',
      recurrence: {
        interval: 'P3M',
        repeatOnType: 'SAME_DAY_AS_START_DATE',
        ends: new Date(start.getTime() + 365 * dayMs).toISOString(),
      },
    },
    principals: {
      userScopeExpression: 'user.profile.department == "Finance"',
      users: ['omar.haddad@example.com', 'kwame.mensah@example.com'],
      groups: ['Finance'],
      excludedUsers: ['fatima.alsayed@example.com'],
      includeOnlyActiveUsers: true,
      inactiveDays: 90,
    },
    reviewers: {
      type: 'REVIEWER_EXPRESSION',
      expression: 'user.profile.managerId',
      fallbackReviewer: 'priya.raman@example.com',
      selfReviewDisabled: true,
      justificationRequired: true,
      reassignmentDisabled: true,
    },
    remediation: { accessRevoked: 'DENY', noResponse: 'NO_ACTION' },
    notifications: {
      notifyReviewerWhenReviewAssigned: true,
      notifyReviewerDuringMidpointOfReview: true,
      remindersBeforeCloseInSecs: [259200, 86400],
    },
    reporting: { createReportingPackage: true },
  });

  it('an unchanged campaign compares equal to the body it was created from', async () => {
    const body = build(full);
    const actual = await createAndRead(body);
    expect(compareBodies(actual, body)).toEqual([]);

    // A changed file (another duration, another fallback reviewer) gives exactly those changes.
    const changed = build(
      definition({
        ...full,
        schedule: { ...full.schedule, durationInDays: 30 },
        reviewers: { ...full.reviewers, fallbackReviewer: 'fatima.alsayed@example.com' },
      }),
    );
    expect(compareBodies(actual, changed)).toEqual([
      {
        op: 'replace',
        path: '/reviewerSettings/fallBackReviewerId',
        from: resolution.users.get('priya.raman@example.com'),
        to: resolution.users.get('fatima.alsayed@example.com'),
      },
      { op: 'replace', path: '/scheduleSettings/durationInDays', from: 21, to: 30 },
    ]);
  });

  const reviewerVariants: [string, CampaignDefinition['reviewers']][] = [
    [
      'USER',
      { type: 'USER', user: 'fatima.alsayed@example.com', fallbackReviewer: 'priya.raman@example.com' },
    ],
    ['GROUP', { type: 'GROUP', group: 'Internal Audit', fallbackReviewer: 'priya.raman@example.com' }],
    [
      'RESOURCE_OWNER',
      { type: 'RESOURCE_OWNER', fallbackReviewer: 'kwame.mensah@example.com', bulkDecisionDisabled: true },
    ],
    [
      'MULTI_LEVEL',
      {
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
            type: 'USER',
            user: 'fatima.alsayed@example.com',
            startReview: { onDay: 10, when: 'LOWER_LEVEL_APPROVES' },
          },
        ],
      },
    ],
  ];

  it.each(reviewerVariants)('a %s review round-trips unchanged', async (_type, reviewers) => {
    const { recurrence: _recurrence, ...schedule } = full.schedule;
    const body = build(
      definition({
        resources: [{ app: 'Payroll', entitlements: ['Admin', 'Viewer'] }],
        schedule: { ...schedule, type: 'ONE_OFF' },
        reviewers,
      }),
    );
    expect(compareBodies(await createAndRead(body), body)).toEqual([]);
  });
});
