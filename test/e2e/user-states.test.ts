import { afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from '../../src/cli/io.js';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import type { UserStatus } from '../../src/emulator/store.js';
import type { Change } from '../../src/model/change.js';
import type { Plan } from '../../src/model/plan.js';
import { writeRepo } from './repo.js';

/** One person per Okta status, each named by one CSV row; what the plan does with each is decided in user-states.ts. */
const statuses: readonly (readonly [UserStatus, boolean, string | undefined])[] = [
  ['ACTIVE', true, undefined],
  ['STAGED', true, 'USER_NOT_ACTIVATED'],
  ['PROVISIONED', true, 'USER_NOT_ACTIVATED'],
  ['SUSPENDED', true, 'USER_SUSPENDED'],
  ['LOCKED_OUT', true, 'USER_LOCKED_OUT'],
  ['PASSWORD_EXPIRED', true, 'USER_PASSWORD_RESET'],
  ['RECOVERY', true, 'USER_PASSWORD_RESET'],
  ['DEPROVISIONED', false, 'USER_DEACTIVATED'],
];
const emailOf = (status: string) => `${status.toLowerCase().replace('_', '-')}@example.com`;

const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

async function org(): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    seed: {
      users: [
        { email: 'boss@example.com', firstName: 'Boss', lastName: 'Example' },
        { email: 'active2@example.com', firstName: 'Nomad', lastName: 'Example' },
        ...statuses.map(([status]) => ({
          email: emailOf(status),
          firstName: status,
          lastName: 'Example',
          status,
        })),
      ],
    },
  });
  running.push(emulator);
  return emulator;
}

function repo(): string {
  const rows = statuses.map(
    ([status]) => `${status},Example,${emailOf(status)},boss@example.com,Payroll,Admin`,
  );
  return writeRepo({
    'okta-access.yaml': 'version: 1\n',
    'apps/payroll.yaml':
      'label: Payroll\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\ncsv: payroll.csv\n',
    'apps/payroll.csv': [
      'firstName,lastName,email,managerEmail,appName,groupName',
      ...rows,
      // A manager Okta does not know: a warning at the managerEmail cell.
      'Nomad,Example,active2@example.com,nobody@example.com,Payroll,Admin',
      '',
    ].join('\n'),
  });
}

async function cli(emulator: RunningEmulator, args: string[]) {
  let stdout = '';
  let stderr = '';
  const io: CliIo = {
    stdout: { write: (text: string) => (stdout += text) },
    stderr: { write: (text: string) => (stderr += text) },
    env: { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token, NO_COLOR: '1' },
    interactive: false,
  };
  const code = await run(args, io);
  return { code, stdout, stderr };
}

async function plan(emulator: RunningEmulator, config: string): Promise<Plan> {
  const result = await cli(emulator, ['plan', '--config', config, '--format', 'json']);
  return JSON.parse(result.stdout) as Plan;
}

function additions(plan: Plan): string[] {
  return plan.changes
    .filter(
      (change): change is Extract<Change, { kind: 'membership.add' }> => change.kind === 'membership.add',
    )
    .map((change) => change.email)
    .sort();
}

describe('every Okta user status in plan and apply', () => {
  it('plans each status as decided, applies it as Okta does, and plans nothing more after', async () => {
    const emulator = await org();
    const config = repo();
    const first = await plan(emulator, config);

    const granted = statuses.filter(([, planned]) => planned).map(([status]) => emailOf(status));
    expect(additions(first)).toEqual([...granted, 'active2@example.com'].sort());
    for (const [index, [status, , code]] of statuses.entries()) {
      const atRow = first.diagnostics.filter(
        (diagnostic) => diagnostic.line === index + 2 && diagnostic.code.startsWith('USER_'),
      );
      expect(
        atRow.map((diagnostic) => [diagnostic.code, diagnostic.severity]),
        status,
      ).toEqual(code === undefined ? [] : [[code, 'warning']]);
      if (code !== undefined) expect(atRow[0]?.hint, status).toBeTruthy();
    }
    expect(first.diagnostics.filter((diagnostic) => diagnostic.code === 'MANAGER_NOT_FOUND')).toEqual([
      expect.objectContaining({
        severity: 'warning',
        line: statuses.length + 2,
        col: 'Nomad,Example,active2@example.com,'.length + 1,
        message: expect.stringContaining('nobody@example.com'),
      }),
    ]);

    const applied = await cli(emulator, [
      'apply',
      '--config',
      config,
      '--auto-approve',
      '--journal',
      `${config}.journal`,
    ]);
    expect(applied.code, applied.stdout + applied.stderr).toBe(0);
    const group = emulator.store.groupByName('Payroll-Admin');
    const members = [...emulator.store.membersOf(group?.id ?? '')].map(
      (id) => emulator.store.state.users.get(id)?.profile.email,
    );
    expect(members.sort()).toEqual([...granted, 'active2@example.com'].sort());

    const again = await plan(emulator, config);
    expect(again.changes).toEqual([]);
    // The deactivated row still warns: the row grants nothing while it stays.
    expect(again.diagnostics.map((diagnostic) => diagnostic.code)).toContain('USER_DEACTIVATED');
  });

  it('answers 403 E0000038 when a deactivated user is added to a group, as Okta does', async () => {
    const emulator = await org();
    const gone = emulator.store.findUser(emailOf('DEPROVISIONED'));
    const group = emulator.store.createGroup('Payroll-Admin', null, 'OKTA_GROUP');
    const response = await fetch(`${emulator.url}/api/v1/groups/${group.id}/users/${gone?.id}`, {
      method: 'PUT',
      headers: { authorization: `SSWS ${emulator.token}` },
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { errorCode: string }).errorCode).toBe('E0000038');
    // Removing is allowed: a deactivated user keeps the groups they had until they are removed.
    emulator.store.state.members.set(group.id, new Set([gone?.id ?? '']));
    const removed = await fetch(`${emulator.url}/api/v1/groups/${group.id}/users/${gone?.id}`, {
      method: 'DELETE',
      headers: { authorization: `SSWS ${emulator.token}` },
    });
    expect(removed.status).toBe(204);
  });
});
