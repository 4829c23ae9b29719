import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../../src/cli/main.js';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { payrollRepo, people } from '../e2e/repo.js';
import { gitRepository, planWithCli } from './pull-request.js';

/**
 * The ownership marker claims an Okta object only where the tool writes it — the whole description, a whole line of
 * it, or its end after a space — never as a part of other text. A config with `marker: "auditors"` does not own
 * Finance's group described "read-only auditors, owned by Finance", even on the branch where that config applies.
 */

const finance = {
  name: 'Finance-Auditors',
  description: 'read-only auditors, owned by Finance',
  members: ['barbara@example.com', 'ken@example.com'],
};

const running: RunningEmulator[] = [];
afterEach(async () => {
  for (const emulator of running.splice(0)) await emulator.stop();
});

/** Finance's group is assigned to Payroll, the repository's app: an orphan the plan would delete if it owned it. */
async function org(): Promise<RunningEmulator> {
  const emulator = await startEmulator({
    seed: {
      users: people,
      groups: [finance],
      apps: [{ label: 'Payroll', url: 'https://payroll.example.com/', groups: [finance.name] }],
    },
  });
  running.push(emulator);
  return emulator;
}

const auditors =
  'version: 1\nownership:\n  marker: "auditors"\nsafety:\n  maxDeletes: 5000\n  maxDeletePercent: 100\n';
const rows = [
  ['ada@example.com', 'Admin'],
  ['alan@example.com', 'Viewer'],
] as const;

describe('a marker that is a word of another description', () => {
  it('does not make the plan own, empty, unassign or delete that group', async () => {
    const emulator = await org();
    const result = await planWithCli(emulator, payrollRepo(rows, auditors), ['--format', 'json']);

    expect(result.code).toBe(0);
    const touching = (result.plan?.changes ?? []).filter((change) =>
      JSON.stringify(change).includes(finance.name),
    );
    expect(touching).toEqual([]);
    expect(result.plan?.summary.destructive).toBe(0);
    expect(result.plan?.summary.byKind['group.delete']).toBe(0);
  });

  it('is not applied either: apply leaves the group, its members and its assignment as they were', async () => {
    const emulator = await org();
    const config = payrollRepo(rows, auditors);
    let output = '';
    const code = await run(['apply', '--config', config, '--auto-approve'], {
      stdout: { write: (text: string) => (output += text) },
      stderr: { write: (text: string) => (output += text) },
      env: { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token, NO_COLOR: '1' },
      interactive: false,
    });
    expect(code, output).toBe(0);

    const headers = { authorization: `SSWS ${emulator.token}` };
    const groups = (await (
      await fetch(`${emulator.url}/api/v1/groups?q=${finance.name}`, { headers })
    ).json()) as { id: string; profile: { name: string; description: string } }[];
    expect(groups.map((group) => group.profile)).toEqual([
      { name: finance.name, description: finance.description },
    ]);
    const members = (await (
      await fetch(`${emulator.url}/api/v1/groups/${groups[0]?.id}/users`, { headers })
    ).json()) as { profile: { email: string } }[];
    expect(members.map((member) => member.profile.email).sort()).toEqual(finance.members);
    const [payroll] = (await (await fetch(`${emulator.url}/api/v1/apps?q=Payroll`, { headers })).json()) as {
      id: string;
    }[];
    const assigned = (await (
      await fetch(`${emulator.url}/api/v1/apps/${payroll?.id}/groups`, { headers })
    ).json()) as { id: string }[];
    expect(assigned.map((assignment) => assignment.id)).toContain(groups[0]?.id);
  });

  it('is refused when empty or blank, at its line', async () => {
    for (const marker of ['""', '"   "', '"  auditors"', '"two\\nlines"']) {
      const repo = gitRepository(undefined, {
        'okta-access.yaml': `version: 1\nownership:\n  marker: ${marker}\n`,
      });
      let output = '';
      const code = await run(['validate', '--config', repo.config], {
        stdout: { write: (text: string) => (output += text) },
        stderr: { write: (text: string) => (output += text) },
        env: { NO_COLOR: '1' },
        interactive: false,
      });
      expect(code, marker).toBe(1);
      expect(output, marker).toMatch(
        /okta-access\.yaml:3:11 error SCHEMA_(RANGE|FORMAT) "ownership\.marker"/,
      );
    }
  });
});
