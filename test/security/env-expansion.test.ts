import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type RunningEmulator, startEmulator } from '../../src/emulator/server.js';
import { writeRepo } from '../e2e/repo.js';
import { type GitHubStandIn, startGitHubStandIn } from '../github/stand-in.js';
import { registerSecret } from '../support/secrets.js';
import { actionCheckout, cli, keyPair, payrollFiles, runBundledAction } from './support.js';

/**
 * `${VAR}` is a way for a pull request to read the environment of the workflow that runs it, and the plan it shows
 * (a PR comment, which GitHub does not mask) is a way to print what it read. So `${VAR}` is expanded in org.url only,
 * and never for a credential: the run stops at ENV_VAR_NOT_ALLOWED before anything is planned or commented, and no
 * secret shows in any output (the secret scan of test/support/secrets.ts checks every output captured here).
 */

const token = '00sec-env-token-Hx4Ty7Ub2Nc9Qw3e';
const ecKey = keyPair('ec').privateKey;
const people = [
  { email: 'ada@example.com', firstName: 'Ada', lastName: 'Example' },
  { email: 'alan@example.com', firstName: 'Alan', lastName: 'Example' },
];

/** Every credential variable the action is given or runs beside, each with a distinct, registered value. */
const credentialVariables: Readonly<Record<string, string>> = {
  OKTA_API_TOKEN: token,
  OKTA_PRIVATE_KEY: ecKey,
  OKTA_CLIENT_ID: '0oa-client-id-Rk3Vb8Lm',
  OKTA_KEY_ID: 'kid-value-Pq7Wx2Zs',
  OKTA_CLIENT_SECRET: 'client-secret-Jf5Gh1Dk9',
  OKTA_CLIENT_TOKEN: 'client-token-Mn4Bv6Cx2',
  OKTA_CLIENT_PRIVATEKEY: 'sdk-private-key-Tz8Yu3Io',
  GITHUB_TOKEN: 'ghs_job-token-Ae6Sd0Fg4Hj',
  ACTIONS_RUNTIME_TOKEN: 'runtime-token-Kl2Qw9Er5',
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'oidc-request-Ty1Ui7Op3',
  'INPUT_OKTA-API-TOKEN': token,
  'INPUT_OKTA-PRIVATE-KEY': ecKey,
  'INPUT_GITHUB-TOKEN': 'ghs_input-token-Zx5Cv8Bn1',
};

/** Where a pull request could write `${NAME}`: each entry gives the files of a repository with it there. */
const placements: Readonly<Record<string, (reference: string) => Record<string, string>>> = {
  'org.url': (reference) => payrollFiles(`version: 1\norg:\n  url: "${reference}"\n`),
  'naming.group': (reference) =>
    payrollFiles(`version: 1\nnaming:\n  group: "{app}-{entitlement}-${reference}"\n`),
  'ownership.marker': (reference) => payrollFiles(`version: 1\nownership:\n  marker: "${reference}"\n`),
  'safety.protectedGroups': (reference) =>
    payrollFiles(`version: 1\nsafety:\n  protectedGroups: ["${reference}"]\n`),
  'an app label': (reference) =>
    payrollFiles('version: 1\n', {
      app:
        `label: "Payroll${reference}"\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\n` +
        'csv: payroll.csv\nentitlements:\n  - {name: Admin}\n  - {name: Viewer}\n',
    }),
  'an entitlement description': (reference) =>
    payrollFiles('version: 1\n', {
      app:
        'label: Payroll\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\ncsv: payroll.csv\n' +
        `entitlements:\n  - {name: Admin, description: "Runs payroll ${reference}"}\n  - {name: Viewer}\n`,
    }),
  'a campaign name': (reference) =>
    payrollFiles('version: 1\n', {
      campaign:
        `name: "Review ${reference}"\nresources:\n  - app: Payroll\n    entitlements: all\n` +
        'schedule: {type: ONE_OFF, startDate: 2031-01-01T00:00:00Z, durationInDays: 14, timeZone: UTC}\n' +
        'reviewers: {type: USER, user: ada@example.com}\n',
    }),
};

let emulator: RunningEmulator;

beforeEach(async () => {
  emulator = await startEmulator({ seed: { users: people }, tokens: [token] });
  for (const [name, value] of Object.entries(credentialVariables)) registerSecret(name, value);
});

afterEach(async () => {
  await emulator.stop();
});

describe('${VAR} on the command line', () => {
  it('refuses ${OKTA_API_TOKEN} in naming.group: the token never reaches a group name or the plan', async () => {
    const config = writeRepo(
      payrollFiles('version: 1\nnaming:\n  group: "{app}-{entitlement}-${OKTA_API_TOKEN}"\n'),
    );
    const requestsBefore = emulator.log().length;

    const result = await cli(['plan', '--config', config, '--format', 'markdown'], {
      OKTA_ORG_URL: emulator.url,
      OKTA_API_TOKEN: token,
    });

    expect(result.stdout).not.toContain(token);
    expect(`${result.stdout}${result.stderr}`).toMatch(
      /okta-access\.yaml:3:10 error ENV_VAR_NOT_ALLOWED \$\{OKTA_API_TOKEN\} names a credential/,
    );
    expect(`${result.stdout}${result.stderr}`).toContain(
      'hint: take secrets from the workflow, never from the repository',
    );
    expect(result.code).toBe(1);
    expect(emulator.log().length).toBe(requestsBefore);
  });

  it('refuses ${OKTA_PRIVATE_KEY} (a short EC key) in naming.group: the key never reaches the plan', async () => {
    const config = writeRepo(
      payrollFiles('version: 1\nnaming:\n  group: "{app}{entitlement}${OKTA_PRIVATE_KEY}"\n'),
    );

    const result = await cli(['plan', '--config', config, '--format', 'markdown'], {
      OKTA_ORG_URL: emulator.url,
      OKTA_API_TOKEN: token,
      OKTA_PRIVATE_KEY: ecKey,
    });

    expect(result.stdout).not.toContain('PRIVATE KEY');
    expect(`${result.stdout}${result.stderr}`).toMatch(
      /okta-access\.yaml:3:10 error ENV_VAR_NOT_ALLOWED \$\{OKTA_PRIVATE_KEY\}/,
    );
    expect(result.code).toBe(1);
  });

  it('refuses every credential variable in every place a pull request can write, in every format', async () => {
    const env = { OKTA_ORG_URL: emulator.url, ...credentialVariables };
    for (const [where, files] of Object.entries(placements)) {
      for (const name of Object.keys(credentialVariables)) {
        const config = writeRepo(files(`\${${name}}`));
        for (const format of ['text', 'json', 'markdown']) {
          const result = await cli(['plan', '--config', config, '--format', format], env);
          const output = `${result.stdout}\n${result.stderr}`;
          expect(output, `\${${name}} in ${where}, --format ${format}`).toContain('ENV_VAR_NOT_ALLOWED');
          expect(result.code, `\${${name}} in ${where}, --format ${format}`).toBe(1);
        }
      }
    }
    // Refused at load: Okta was never asked anything.
    expect(emulator.log()).toEqual([]);
  });

  it('refuses a variable that copies a credential under another name, and any variable outside org.url', async () => {
    const copied = writeRepo(payrollFiles('version: 1\norg:\n  url: "${ORG_ALIAS}"\n'));
    const alias = await cli(['plan', '--config', copied, '--format', 'markdown'], {
      OKTA_ORG_URL: emulator.url,
      OKTA_API_TOKEN: token,
      ORG_ALIAS: `https://${token}.example.com`,
    });
    expect(`${alias.stdout}${alias.stderr}`).toContain(
      'ENV_VAR_NOT_ALLOWED ${ORG_ALIAS} holds the value of a credential variable',
    );
    expect(alias.code).toBe(1);

    const elsewhere = writeRepo(
      payrollFiles('version: 1\nnaming:\n  group: "{app}-{entitlement}-${TEAM}"\n'),
    );
    const outside = await cli(['plan', '--config', elsewhere], {
      OKTA_ORG_URL: emulator.url,
      OKTA_API_TOKEN: token,
      TEAM: 'payroll-team',
    });
    expect(`${outside.stdout}${outside.stderr}`).toMatch(
      /okta-access\.yaml:3:10 error ENV_NOT_ALLOWED \$\{TEAM\} is not expanded here/,
    );
    expect(`${outside.stdout}${outside.stderr}`).not.toContain('payroll-team');
    expect(outside.code).toBe(1);
  });

  it('still expands org.url from a plain variable', async () => {
    const config = writeRepo(payrollFiles('version: 1\norg:\n  url: "${ACME_ORG}"\n'));
    const result = await cli(['plan', '--config', config, '--format', 'json'], {
      OKTA_API_TOKEN: token,
      ACME_ORG: emulator.url,
    });
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ org: emulator.url });
  });
});

describe('${VAR} in a pull request planned by the bundled action', () => {
  let bundle: string;
  let github: GitHubStandIn;
  const headSha = 'b1c2d3e4f5a60718293a4b5c6d7e8f9012345678';

  beforeAll(() => {
    bundle = actionCheckout();
  });
  beforeEach(async () => {
    github = await startGitHubStandIn({ owner: 'acme', repo: 'access' });
  });
  afterEach(async () => {
    await github.stop();
  });

  it('comments that the repository is invalid, naming each variable and no value, and never contacts Okta', async () => {
    // One repository that tries every credential in the places the plan comment would show.
    const names = Object.keys(credentialVariables);
    const config = writeRepo({
      ...payrollFiles(
        `version: 1\nnaming:\n  group: "{app}-{entitlement}-${names.map((name) => `\${${name}}`).join('-')}"\n` +
          'ownership:\n  marker: "owned ${OKTA_PRIVATE_KEY} ${GITHUB_TOKEN}"\n',
        {
          app:
            'label: Payroll\ncreate: {kind: bookmark, url: "https://payroll.example.com/"}\ncsv: payroll.csv\n' +
            'entitlements:\n  - {name: Admin, description: "${INPUT_OKTA-API-TOKEN} ${ACTIONS_RUNTIME_TOKEN}"}\n' +
            '  - {name: Viewer}\n',
        },
      ),
    });
    github.state.addPullRequest({ number: 21, headSha, merged: false });
    const requestsBefore = emulator.log().length;

    const run = await runBundledAction({
      bundle,
      workspace: path.dirname(config),
      githubUrl: github.url,
      inputs: {
        command: 'plan',
        'okta-org-url': emulator.url,
        'okta-api-token': token,
        'okta-private-key': ecKey,
        'github-token': credentialVariables['INPUT_GITHUB-TOKEN'] ?? '',
      },
      event: {
        name: 'pull_request',
        payload: { number: 21, pull_request: { number: 21, head: { sha: headSha } } },
      },
      sha: headSha,
      extraEnv: Object.fromEntries(
        Object.entries(credentialVariables).filter(([name]) => !name.startsWith('INPUT_')),
      ),
    });

    expect(run.code).toBe(1);
    const comments = github.state.comments(21);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? '';
    expect(body).toContain('the access repository is invalid');
    expect(body).toContain('ENV_VAR_NOT_ALLOWED');
    for (const value of Object.values(credentialVariables)) {
      expect(body).not.toContain(value);
      expect(run.log).not.toContain(value);
    }
    expect(body).not.toContain('PRIVATE KEY');
    expect(emulator.log().length).toBe(requestsBefore);
  });
});
