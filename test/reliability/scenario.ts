import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SeedDocument } from '../../src/emulator/seed.js';
import type { RunningEmulator } from '../../src/emulator/server.js';
import { type AppSpec, accessRepo, marker, people, permissiveConfig } from '../e2e/apply-helpers.js';

/** `RELIABILITY_HEAVY=1` runs the heavier variants: more people and rows, more kills, more fuzz runs. */
export const heavy = process.env.RELIABILITY_HEAVY === '1';

/**
 * The org and files the reliability suite reconciles: a new app (Ledger) with three entitlements to create, assign
 * and fill, and an existing managed app (Vault) whose Read entitlement keeps some members, loses some and gains some,
 * and whose Old entitlement is no longer declared (emptied, unassigned, deleted). `scale` multiplies the people.
 */
export function scenario(scale = 1) {
  const users = people(40 * scale, 'r');
  const email = (i: number) => users[i]?.email ?? '';
  const range = (from: number, to: number) =>
    Array.from({ length: (to - from) * scale }, (_, k) => email(from * scale + k));
  const apps: AppSpec[] = [
    {
      label: 'Ledger',
      entitlements: { Viewer: range(0, 15), Editor: range(10, 25), Approver: range(20, 30) },
    },
    { label: 'Vault', create: false, entitlements: { Read: [...range(0, 10), ...range(20, 25)] } },
  ];
  const seed: SeedDocument = {
    users,
    groups: [
      { name: 'Vault-Read', description: marker, members: range(0, 20) },
      { name: 'Vault-Old', description: `Old entitlement ${marker}`, members: range(30, 40) },
    ],
    apps: [{ label: 'Vault', url: 'https://vault.example.com/', groups: ['Vault-Read', 'Vault-Old'] }],
  };
  return { users, apps, seed, removed: ['vault-old'] };
}

export type Scenario = ReturnType<typeof scenario>;

export const campaignName = 'Ledger access review';

/** A campaign over every Ledger entitlement, launched by apply. */
export const campaignYaml = [
  `name: ${campaignName}`,
  'description: Owners confirm who can use the ledger.',
  'resources:',
  '  - app: Ledger',
  '    entitlements: all',
  'schedule:',
  '  type: ONE_OFF',
  '  startDate: 2027-03-01T16:00:00Z',
  '  durationInDays: 14',
  '  timeZone: UTC',
  'reviewers:',
  '  type: REVIEWER_EXPRESSION',
  '  expression: user.profile.managerId',
  '  fallbackReviewer: r0@example.com',
  'remediation:',
  '  accessRevoked: DENY',
  'launch: on-apply',
  '',
].join('\n');

/** The scenario's access repository (deletions allowed); returns the path of okta-access.yaml. */
export function scenarioRepo(spec: Scenario, options: { campaign?: boolean } = {}): string {
  const config = accessRepo(spec.apps, permissiveConfig);
  if (options.campaign === true) addCampaign(config);
  return config;
}

/** Adds the campaign file to a repository made by scenarioRepo. */
export function addCampaign(config: string): void {
  const folder = path.join(path.dirname(config), 'campaigns');
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, 'ledger.yaml'), campaignYaml);
}

/**
 * How the emulator's org differs from the scenario's desired state, read from its store: each app once by label,
 * each entitlement group once by name with exactly its members and assigned to its app, removed groups gone, and when
 * `campaign` is set, one campaign of that name, ACTIVE, with reviews. Empty when converged.
 */
export function stateMismatches(emulator: RunningEmulator, spec: Scenario, campaign = false): string[] {
  const { state } = emulator.store;
  const problems: string[] = [];
  const groupsNamed = (name: string) =>
    [...state.groups.values()].filter((group) => group.profile.name.toLowerCase() === name.toLowerCase());
  for (const app of spec.apps) {
    const apps = [...state.apps.values()].filter((candidate) => candidate.label === app.label);
    if (apps.length !== 1) {
      problems.push(`${apps.length} apps labelled ${app.label}`);
      continue;
    }
    const appId = apps[0]?.id ?? '';
    const assigned = state.assignments.get(appId) ?? new Map();
    for (const [entitlement, emails] of Object.entries(app.entitlements)) {
      const name = `${app.label}-${entitlement}`;
      const groups = groupsNamed(name);
      if (groups.length !== 1) {
        problems.push(`${groups.length} groups named ${name}`);
        continue;
      }
      const groupId = groups[0]?.id ?? '';
      if (!assigned.has(groupId)) problems.push(`${name} is not assigned to ${app.label}`);
      const members = [...(state.members.get(groupId) ?? [])]
        .map((userId) => state.users.get(userId)?.profile.email?.toLowerCase() ?? userId)
        .sort();
      const wanted = [...emails].map((address) => address.toLowerCase()).sort();
      const missing = wanted.filter((address) => !members.includes(address));
      const extra = members.filter((address) => !wanted.includes(address));
      if (missing.length > 0)
        problems.push(`${name} lacks ${missing.length} member(s): ${missing.slice(0, 3)}`);
      if (extra.length > 0)
        problems.push(`${name} has ${extra.length} extra member(s): ${extra.slice(0, 3)}`);
    }
  }
  for (const name of spec.removed)
    if (groupsNamed(name).length > 0) problems.push(`${name} should be deleted`);
  if (campaign) {
    const campaigns = [...state.campaigns.values()].filter((record) => record.body.name === campaignName);
    if (campaigns.length !== 1) problems.push(`${campaigns.length} campaigns named ${campaignName}`);
    else if (campaigns[0]?.status !== 'ACTIVE') problems.push(`${campaignName} is ${campaigns[0]?.status}`);
    else if (![...state.reviews.values()].some((review) => review.campaignId === campaigns[0]?.id))
      problems.push(`${campaignName} has no reviews`);
  }
  return problems;
}

/** Sets the emulator's faults through its admin surface (`''`: none). */
export async function setFaults(emulator: RunningEmulator, spec: string): Promise<void> {
  const response = await fetch(`${emulator.url}/__emulator/faults`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ spec }),
  });
  if (!response.ok) throw new Error(`faults: ${response.status} ${await response.text()}`);
}

/** Moves the emulator's clock forward (search lag expires, campaigns tick). */
export async function advanceClock(emulator: RunningEmulator, seconds: number): Promise<void> {
  const response = await fetch(`${emulator.url}/__emulator/clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceSeconds: seconds }),
  });
  if (!response.ok) throw new Error(`clock: ${response.status} ${await response.text()}`);
}
