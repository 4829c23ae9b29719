import { csv, type ScriptedRepo, scriptedRepo } from './scripted-repo.js';

/**
 * The audit story: an access repository in a subfolder (`access/`) of a real Git repository, with rows added,
 * removed and re-added, a CSV renamed with rows changed in the same commit and later, a merged pull request with an
 * Approved-by trailer, apply notes, and case variants of Ada's email.
 *
 *   c1  2024-01-01  Alan     start: Payroll (ada Admin, grace Admin, alan Viewer), Wiki (Ada@Example.com Editor)
 *   c2  2024-01-05  Grace    remove ada Payroll Admin (Reviewed-by: Edsger)
 *   p1  2024-01-08  Barbara  (branch acme/grant-ada) ADA@example.com Payroll Admin, ken Payroll Viewer
 *   m1  2024-01-10  Edsger   Merge pull request #12 from acme/grant-ada (Approved-by: Grace) — applied 01-10 12:00
 *   c3  2024-01-15  Alan     rename payroll.csv → payroll-people.csv; alan out, edsger in (Viewer)
 *   c4  2024-01-20  Alan     ada Payroll Admin → Viewer; Wiki row Ada@Example.com → ada@example.com — applied 01-21
 *   c5  2024-02-01  Grace    remove ada from Wiki
 *   c6  2024-02-02  Alan     grant ada Payroll Admin by mistake
 *   c7  2024-02-03  Alan     "-Revert the mistaken grant" (a subject a spreadsheet would run)
 *   c8  2024-02-10  Alan     README only — applied 02-10 09:30 (a failed apply)
 */
export interface Story {
  readonly repo: ScriptedRepo;
  readonly config: string;
  readonly shas: Readonly<
    Record<'c1' | 'c2' | 'p1' | 'm1' | 'c3' | 'c4' | 'c5' | 'c6' | 'c7' | 'c8', string>
  >;
}

const alan = 'Alan Turing <alan@example.com>';
const grace = 'Grace Hopper <grace@example.com>';
const barbara = 'Barbara Liskov <barbara@example.com>';
const edsger = 'Edsger Dijkstra <edsger@example.com>';

const ada = 'Ada,Lovelace,ada@example.com,grace@example.com,Payroll';
const graceRow = '"=HYPERLINK(""http://evil.example/"")",Hopper,grace@example.com,,Payroll,Admin';
const alanRow = 'Alan,Turing,alan@example.com,grace@example.com,Payroll,Viewer';
const kenRow = 'Ken,Thompson,ken@example.com,@evil.example,Payroll,Viewer';
const edsgerRow = 'Edsger,Dijkstra,edsger@example.com,grace@example.com,Payroll,Viewer';

export function payrollApp(file: string): string {
  return `label: Payroll\ncsv: ${file}\nentitlements:\n  - name: Admin\n  - name: Viewer\n`;
}

function note(appliedAt: string, run: number, ok = true): Record<string, unknown> {
  return {
    planHash: `sha256:plan${run}`,
    counts: { applied: 2, failed: ok ? 0 : 1 },
    ok,
    runUrl: `https://github.com/acme/access/actions/runs/${run}`,
    appliedAt,
    org: 'https://acme.okta.com',
  };
}

export function buildStory(): Story {
  const repo = scriptedRepo();
  repo.write({
    'README.md': '# Access\n',
    'access/okta-access.yaml': 'version: 1\norg:\n  url: ${OKTA_ORG_URL}\napps: apps/*.yaml\n',
    'access/apps/payroll.yaml': payrollApp('payroll.csv'),
    'access/apps/payroll.csv': csv([`${ada},Admin`, graceRow, alanRow]),
    'access/apps/wiki.yaml': 'label: Wiki\ncsv: wiki.csv\nallowUndeclaredEntitlements: true\n',
    'access/apps/wiki.csv': csv(['Ada,Lovelace,Ada@Example.com,,Wiki,Editor']),
  });
  const c1 = repo.commit('Start the access repository', { date: '2024-01-01T10:00:00Z', author: alan });

  repo.write({ 'access/apps/payroll.csv': csv([graceRow, alanRow]) });
  const c2 = repo.commit(
    'Remove Ada from payroll admin\n\nReviewed-by: Edsger Dijkstra <edsger@example.com>',
    {
      date: '2024-01-05T09:00:00Z',
      author: grace,
    },
  );

  repo.git(['checkout', '-q', '-b', 'acme/grant-ada']);
  repo.write({
    'access/apps/payroll.csv': csv([
      graceRow,
      alanRow,
      'Ada,Lovelace,ADA@example.com,grace@example.com,Payroll,Admin',
      kenRow,
    ]),
  });
  const p1 = repo.commit('Grant Ada payroll admin again', { date: '2024-01-08T15:00:00Z', author: barbara });
  repo.git(['checkout', '-q', 'main']);
  repo.git(
    [
      'merge',
      '--no-ff',
      '-q',
      '-m',
      'Merge pull request #12 from acme/grant-ada\n\nGrant Ada payroll admin again\n\nApproved-by: Grace <grace@example.com>',
      'acme/grant-ada',
    ],
    { date: '2024-01-10T11:00:00Z', author: edsger },
  );
  const m1 = repo.git(['rev-parse', 'HEAD']);
  repo.git(['tag', 'v1']);
  repo.note(m1, note('2024-01-10T12:00:00Z', 1));

  repo.git(['mv', 'access/apps/payroll.csv', 'access/apps/payroll-people.csv']);
  repo.write({
    'access/apps/payroll.yaml': payrollApp('payroll-people.csv'),
    'access/apps/payroll-people.csv': csv([
      graceRow,
      'Ada,Lovelace,ADA@example.com,grace@example.com,Payroll,Admin',
      kenRow,
      edsgerRow,
    ]),
  });
  const c3 = repo.commit('Rename the payroll CSV; Edsger replaces Alan', {
    date: '2024-01-15T10:00:00Z',
    author: alan,
  });

  repo.write({
    'access/apps/payroll-people.csv': csv([graceRow, kenRow, edsgerRow, `${ada},Viewer`]),
    'access/apps/wiki.csv': csv(['Ada,Lovelace,ada@example.com,,Wiki,Editor']),
  });
  const c4 = repo.commit('Ada moves from payroll admin to viewer', {
    date: '2024-01-20T10:00:00Z',
    author: alan,
  });
  repo.note(c4, note('2024-01-21T08:00:00Z', 2));

  repo.write({ 'access/apps/wiki.csv': csv(['Alan,Turing,alan@example.com,,Wiki,Editor']) });
  const c5 = repo.commit('Remove Ada from the wiki', { date: '2024-02-01T10:00:00Z', author: grace });

  repo.write({
    'access/apps/payroll-people.csv': csv([graceRow, kenRow, edsgerRow, `${ada},Viewer`, `${ada},Admin`]),
  });
  const c6 = repo.commit('Grant Ada payroll admin', { date: '2024-02-02T10:00:00Z', author: alan });

  repo.write({ 'access/apps/payroll-people.csv': csv([graceRow, kenRow, edsgerRow, `${ada},Viewer`]) });
  const c7 = repo.commit('-Revert the mistaken grant', { date: '2024-02-03T10:00:00Z', author: alan });

  repo.write({ 'README.md': '# Access\n\nSee access/.\n' });
  const c8 = repo.commit('Explain the layout', { date: '2024-02-10T09:00:00Z', author: alan });
  repo.note(c8, note('2024-02-10T09:30:00Z', 3, false));

  return {
    repo,
    config: `${repo.dir}/access/okta-access.yaml`,
    shas: { c1, c2, p1, m1, c3, c4, c5, c6, c7, c8 },
  };
}
