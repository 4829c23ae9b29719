import type { CampaignStatusNote, FieldChange, Json } from '../../src/model/campaign.js';
import { type Change, type ChangeKind, changeWeight } from '../../src/model/change.js';
import type { Diagnostic } from '../../src/model/diagnostic.js';
import type { Plan } from '../../src/model/plan.js';

type Overrides = Partial<Omit<Plan, 'changes' | 'summary'>>;

/** A plan around `changes`, with a summary counted from them and fixed metadata (so renders are stable). */
export function buildPlan(changes: readonly Change[], overrides: Overrides = {}): Plan {
  const byKind: Record<ChangeKind, number> = {
    'app.create': 0,
    'group.create': 0,
    'group.adopt': 0,
    'group.update': 0,
    'assignment.add': 0,
    'membership.add': 0,
    'membership.remove': 0,
    'assignment.remove': 0,
    'group.delete': 0,
    'campaign.replace': 0,
    'campaign.create': 0,
    'campaign.launch': 0,
    'campaign.end': 0,
    'user.source': 0,
    'user.deactivate': 0,
  };
  for (const change of changes) byKind[change.kind] += changeWeight(change);
  const memberships = changes.filter((change) => change.kind === 'membership.remove').length;
  const destructive = changes.filter((change) => change.destructive).length;
  return {
    formatVersion: 1,
    tool: { name: 'okta-access-gitops', version: '0.1.0' },
    createdAt: '2027-03-31T12:00:00.000Z',
    commit: '4f2a9c1d8e7b6a5f4e3d2c1b0a9f8e7d6c5b4a39',
    config: 'okta-access.yaml',
    org: 'https://acme.okta.com',
    fingerprint: 'sha256:0000',
    changes,
    summary: {
      total: changes.length,
      destructive,
      byKind,
      managedMemberships: Math.max(1000, memberships),
    },
    unmanaged: [],
    campaigns: [],
    diagnostics: [],
    applicable: true,
    blockers: [],
    deleteLimit: { destructive, maxDeletes: 100, maxDeletePercent: 10, exceeded: false },
    reads: { requests: 12, byEndpoint: {}, userResolution: 'list', userResolutionReason: 'fewer requests' },
    ...overrides,
  };
}

const group = (app: string, entitlement: string) => `${app}-${entitlement}`;
const csv = (app: string, line: number) => ({ file: `apps/${app.toLowerCase()}.csv`, line });
const yaml = (app: string, line: number) => ({ file: `apps/${app.toLowerCase()}.yaml`, line });
const campaignFile = (campaign: string) =>
  `campaigns/${campaign.toLowerCase().replace(/[^a-z0-9]+/g, '-')}.yaml`;

type Body = { readonly [key: string]: Json };

/** A create body as the campaign builder makes it (what the renderers read, and a little more). */
export function campaignBody(campaign: string, overrides: Body = {}): Body {
  return {
    name: campaign,
    description: 'Managed by okta-access-gitops',
    scheduleSettings: {
      type: 'ONE_OFF',
      startDate: '2027-04-12T16:00:00Z',
      durationInDays: 21,
      timeZone: 'Europe/Berlin',
    },
    reviewerSettings: { type: 'MANAGER', fallbackReviewerId: '00ufallback' },
    resourceSettings: { type: 'GROUP', targetResources: [] },
    ...overrides,
  };
}

/** Builders for each kind, with the natural keys derived the way the default naming rule does. */
export const change = {
  appCreate: (app: string): Change => ({
    kind: 'app.create',
    app,
    url: `https://${app.toLowerCase()}.example.com`,
    reason: `declared in apps/${app.toLowerCase()}.yaml with create: bookmark`,
    destructive: false,
    source: yaml(app, 2),
  }),
  groupCreate: (app: string, entitlement: string, line = 5): Change => ({
    kind: 'group.create',
    app,
    entitlement,
    group: group(app, entitlement),
    description: 'Managed by okta-access-gitops',
    reason: `entitlement ${entitlement} declared`,
    destructive: false,
    source: yaml(app, line),
  }),
  groupUpdate: (app: string, entitlement: string, from: string | null, to: string): Change => ({
    kind: 'group.update',
    app,
    group: group(app, entitlement),
    groupId: `00g${group(app, entitlement)}`,
    description: { from, to },
    reason: 'description differs',
    destructive: false,
  }),
  assignmentAdd: (app: string, entitlement: string, line = 5): Change => ({
    kind: 'assignment.add',
    app,
    group: group(app, entitlement),
    reason: 'group not assigned to the app',
    destructive: false,
    source: yaml(app, line),
  }),
  add: (app: string, entitlement: string, email: string, line: number): Change => ({
    kind: 'membership.add',
    app,
    entitlement,
    group: group(app, entitlement),
    email,
    userId: `00u${email}`,
    reason: 'row in the CSV',
    destructive: false,
    source: csv(app, line),
  }),
  remove: (app: string, entitlement: string, email: string): Change => ({
    kind: 'membership.remove',
    app,
    entitlement,
    group: group(app, entitlement),
    groupId: `00g${group(app, entitlement)}`,
    email,
    userId: `00u${email}`,
    reason: `no row in apps/${app.toLowerCase()}.csv`,
    destructive: true,
  }),
  assignmentRemove: (app: string, entitlement: string): Change => ({
    kind: 'assignment.remove',
    app,
    appId: `0oa${app}`,
    group: group(app, entitlement),
    groupId: `00g${group(app, entitlement)}`,
    reason: 'entitlement no longer declared',
    destructive: true,
  }),
  groupDelete: (app: string, entitlement: string): Change => ({
    kind: 'group.delete',
    app,
    group: group(app, entitlement),
    groupId: `00g${group(app, entitlement)}`,
    reason: 'entitlement no longer declared',
    destructive: true,
  }),
  campaignCreate: (
    app: string,
    campaign: string,
    targetGroups: readonly string[] = [group(app, 'Admin'), group(app, 'Viewer')],
    body: Body = campaignBody(campaign),
  ): Change => ({
    kind: 'campaign.create',
    app,
    campaign,
    body,
    targetGroups,
    reason: 'declared, not in Okta',
    destructive: false,
    source: { file: campaignFile(campaign), line: 1 },
  }),
  campaignReplace: (app: string, campaign: string, fields: readonly FieldChange[]): Change => ({
    kind: 'campaign.replace',
    app,
    campaign,
    campaignId: `icr${campaign.replaceAll(' ', '')}`,
    body: campaignBody(campaign),
    targetGroups: [group(app, 'Admin')],
    fields,
    reason: 'the definition differs from the scheduled campaign',
    destructive: true,
    source: { file: campaignFile(campaign), line: 1 },
  }),
  campaignLaunch: (app: string, campaign: string, campaignId?: string): Change => ({
    kind: 'campaign.launch',
    app,
    campaign,
    ...(campaignId === undefined ? {} : { campaignId }),
    reason: 'launch: on-apply',
    destructive: false,
    source: { file: campaignFile(campaign), line: 30 },
  }),
  campaignEnd: (app: string, campaign: string): Change => ({
    kind: 'campaign.end',
    app,
    campaign,
    campaignId: `icr${campaign.replaceAll(' ', '')}`,
    reason: 'end: true, and the campaign is active',
    destructive: true,
    source: { file: campaignFile(campaign), line: 31 },
  }),
};

/** Managed campaigns a plan leaves alone: scheduled, active (changed, so with a note) and completed. */
export const campaignNotes: readonly CampaignStatusNote[] = [
  { campaign: 'Travel annual review', status: 'SCHEDULED' },
  {
    campaign: 'Payroll 2027 Q1 review',
    status: 'ACTIVE',
    reviews: { total: 40, decided: 12 },
    note: 'the definition changed; an active campaign is left alone (Okta has no update)',
  },
  { campaign: 'Payroll 2026 Q4 review', status: 'COMPLETED', reviews: { total: 38, decided: 38 } },
];

/** Campaign changes of every kind: a create and its launch, a replace of two fields and an add, an end. */
export function campaignChangeList(): Change[] {
  return [
    change.campaignCreate('Payroll', 'Payroll quarterly access review'),
    change.campaignLaunch('Payroll', 'Payroll quarterly access review'),
    change.campaignReplace('Travel', 'Travel bookers review', [
      { op: 'replace', path: '/scheduleSettings/durationInDays', from: 21, to: 30 },
      { op: 'replace', path: '/reviewerSettings/type', from: 'USER', to: 'MANAGER' },
      { op: 'add', path: '/notificationSettings/remindersSettings/reminderDays', to: [1, 3, 7] },
    ]),
    change.campaignEnd('Finance', 'Finance 2026 review'),
  ];
}

export function diagnostic(severity: Diagnostic['severity'], line: number, message: string): Diagnostic {
  return {
    severity,
    code: severity === 'error' ? 'CSV_INVALID_EMAIL' : 'ENTITLEMENT_UNUSED',
    message,
    file: 'apps/payroll.csv',
    line,
    col: 3,
  };
}

/** A small but realistic plan: a new app, a new entitlement, adds, removes, a retired entitlement. */
export function realisticPlan(overrides: Overrides = {}): Plan {
  return buildPlan(
    [
      change.appCreate('Travel'),
      change.groupCreate('Travel', 'Booker'),
      change.assignmentAdd('Travel', 'Booker'),
      change.add('Travel', 'Booker', 'dana@example.com', 3),
      change.add('Travel', 'Booker', 'carl@example.com', 2),
      change.add('Payroll', 'Admin', 'erin@example.com', 7),
      change.remove('Payroll', 'Admin', 'bob@example.com'),
      change.remove('Payroll', 'Viewer', 'zoe@example.com'),
      change.remove('Payroll', 'Viewer', 'amy@example.com'),
      change.groupUpdate('Payroll', 'Admin', null, 'Managed by okta-access-gitops'),
      change.assignmentRemove('Payroll', 'Legacy'),
      change.groupDelete('Payroll', 'Legacy'),
    ],
    {
      unmanaged: [
        { app: 'Payroll', group: 'Payroll-Auditors', reason: 'no ownership marker in its description' },
      ],
      diagnostics: [diagnostic('warning', 1, 'entitlement Viewer has no rows')],
      ...overrides,
    },
  );
}

/**
 * 50,000 changes: 49,692 membership.add over 10 apps × 100 entitlements, 300 membership.remove, 5 assignment.remove
 * and 3 group.delete.
 */
export function largePlan(): Plan {
  const changes: Change[] = [];
  let user = 0;
  for (let a = 0; a < 10; a++) {
    for (let e = 0; e < 100; e++) {
      const members = a * 100 + e < 308 ? 49 : 50;
      for (let m = 0; m < members; m++) {
        user++;
        changes.push(
          change.add(`App${a}`, `E${String(e).padStart(3, '0')}`, `user${user}@example.com`, m + 2),
        );
      }
    }
  }
  for (let r = 0; r < 300; r++) changes.push(change.remove(`App${r % 3}`, 'E000', `leaver${r}@example.com`));
  for (let r = 0; r < 5; r++) changes.push(change.assignmentRemove(`App${r}`, 'Retired'));
  for (let r = 0; r < 3; r++) changes.push(change.groupDelete(`App${r}`, 'Retired'));
  return buildPlan(changes);
}
