import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../../src/audit/csv-cell.js';
import { runAudit } from './run-audit.js';
import { buildStory, type Story } from './story.js';

let story: Story;
beforeAll(() => {
  story = buildStory();
});
afterAll(() => story.repo.remove());

async function output(...args: string[]): Promise<string> {
  const result = await runAudit([...args, '--config', story.config]);
  expect(result.code).toBe(0);
  return result.stdout;
}

describe('who-has renderings', () => {
  const args = ['who-has', '--app', 'Payroll', '--at', '2024-01-10'];

  it('text', async () => {
    expect(await output(...args)).toMatchInlineSnapshot(`
      "Payroll at f39fdb2764db (2024-01-10T11:00:00Z) "Merge pull request #12 from acme/grant-ada"
      as of 2024-01-10 (end of day, UTC)
      4 grants to 4 people

      ENTITLEMENT  EMAIL              NAME                                       MANAGER            SOURCE
      Admin        ADA@example.com    Ada Lovelace                               grace@example.com  access/apps/payroll.csv:4
      Admin        grace@example.com  =HYPERLINK("http://evil.example/") Hopper                     access/apps/payroll.csv:2
      Viewer       alan@example.com   Alan Turing                                grace@example.com  access/apps/payroll.csv:3
      Viewer       ken@example.com    Ken Thompson                               @evil.example      access/apps/payroll.csv:5
      "
    `);
  });

  it('json', async () => {
    expect(await output(...args, '--format', 'json', '--entitlement', 'Viewer')).toMatchInlineSnapshot(`
      "{
        "formatVersion": 1,
        "kind": "who-has",
        "config": "access/okta-access.yaml",
        "app": "Payroll",
        "entitlement": "Viewer",
        "requested": "2024-01-10",
        "commit": {
          "sha": "f39fdb2764db7cbd5c606cfdd12aa8a9cda6fd0b",
          "subject": "Merge pull request #12 from acme/grant-ada",
          "committedAt": "2024-01-10T11:00:00Z"
        },
        "members": [
          {
            "entitlement": "Viewer",
            "email": "alan@example.com",
            "firstName": "Alan",
            "lastName": "Turing",
            "managerEmail": "grace@example.com",
            "file": "access/apps/payroll.csv",
            "line": 3
          },
          {
            "entitlement": "Viewer",
            "email": "ken@example.com",
            "firstName": "Ken",
            "lastName": "Thompson",
            "managerEmail": "@evil.example",
            "file": "access/apps/payroll.csv",
            "line": 5
          }
        ],
        "people": 2,
        "warnings": []
      }
      "
    `);
  });

  it('csv, with cells a spreadsheet would execute neutralized', async () => {
    expect(await output(...args, '--format', 'csv')).toMatchInlineSnapshot(`
      "app,entitlement,email,firstName,lastName,managerEmail,file,line,commit,committedAt
      Payroll,Admin,ADA@example.com,Ada,Lovelace,grace@example.com,access/apps/payroll.csv,4,f39fdb2764db7cbd5c606cfdd12aa8a9cda6fd0b,2024-01-10T11:00:00Z
      Payroll,Admin,grace@example.com,"'=HYPERLINK(""http://evil.example/"")",Hopper,,access/apps/payroll.csv,2,f39fdb2764db7cbd5c606cfdd12aa8a9cda6fd0b,2024-01-10T11:00:00Z
      Payroll,Viewer,alan@example.com,Alan,Turing,grace@example.com,access/apps/payroll.csv,3,f39fdb2764db7cbd5c606cfdd12aa8a9cda6fd0b,2024-01-10T11:00:00Z
      Payroll,Viewer,ken@example.com,Ken,Thompson,'@evil.example,access/apps/payroll.csv,5,f39fdb2764db7cbd5c606cfdd12aa8a9cda6fd0b,2024-01-10T11:00:00Z
      "
    `);
  });
});

describe('history renderings', () => {
  const args = ['history', '--user', 'ada@example.com', '--app', 'Payroll'];

  it('text', async () => {
    expect(await output(...args)).toMatchInlineSnapshot(`
      "ada@example.com · Payroll: 7 changes in 9 commits up to 21f13d90585b (2024-02-10T09:00:00Z)

      2024-01-01T10:00:00Z  + granted  Payroll Admin  ada@example.com
        commit    49826b0727fb "Start the access repository"  access/apps/payroll.csv:2
        author    Alan Turing <alan@example.com>, 2024-01-01T10:00:00Z
        approved  no approval recorded
        applied   never by a recorded apply: changed again in c44517620621, at or before the next one (noted on f39fdb2764db)

      2024-01-05T09:00:00Z  - removed  Payroll Admin  ada@example.com
        commit    c44517620621 "Remove Ada from payroll admin"  access/apps/payroll.csv:2
        author    Grace Hopper <grace@example.com>, 2024-01-05T09:00:00Z
        approved  Edsger Dijkstra <edsger@example.com> (commit trailers)
        applied   never by a recorded apply: changed again in f39fdb2764db, at or before the next one (noted on f39fdb2764db)

      2024-01-10T11:00:00Z  + granted  Payroll Admin  ADA@example.com
        commit    f39fdb2764db "Merge pull request #12 from acme/grant-ada"  access/apps/payroll.csv:4
        author    Barbara Liskov <barbara@example.com>, 2024-01-08T15:00:00Z
        merged by Edsger Dijkstra <edsger@example.com>
        pull      #12 from acme/grant-ada
        approved  Grace <grace@example.com> (commit trailers)
        applied   2024-01-10T12:00:00Z by the apply noted on f39fdb2764db · https://github.com/acme/access/actions/runs/1

      2024-01-20T10:00:00Z  - removed  Payroll Admin  ADA@example.com
        commit    5294d1a22962 "Ada moves from payroll admin to viewer"  access/apps/payroll-people.csv:3
        author    Alan Turing <alan@example.com>, 2024-01-20T10:00:00Z
        approved  no approval recorded
        applied   2024-01-21T08:00:00Z by the apply noted on 5294d1a22962 · https://github.com/acme/access/actions/runs/2

      2024-01-20T10:00:00Z  + granted  Payroll Viewer  ada@example.com
        commit    5294d1a22962 "Ada moves from payroll admin to viewer"  access/apps/payroll-people.csv:5
        author    Alan Turing <alan@example.com>, 2024-01-20T10:00:00Z
        approved  no approval recorded
        applied   2024-01-21T08:00:00Z by the apply noted on 5294d1a22962 · https://github.com/acme/access/actions/runs/2

      2024-02-02T10:00:00Z  + granted  Payroll Admin  ada@example.com
        commit    212bd75c17d0 "Grant Ada payroll admin"  access/apps/payroll-people.csv:6
        author    Alan Turing <alan@example.com>, 2024-02-02T10:00:00Z
        approved  no approval recorded
        applied   never by a recorded apply: changed again in cd50a954a6e1, at or before the next one (noted on 21f13d90585b)

      2024-02-03T10:00:00Z  - removed  Payroll Admin  ada@example.com
        commit    cd50a954a6e1 "-Revert the mistaken grant"  access/apps/payroll-people.csv:6
        author    Alan Turing <alan@example.com>, 2024-02-03T10:00:00Z
        approved  no approval recorded
        applied   2024-02-10T09:30:00Z by the apply noted on 21f13d90585b · https://github.com/acme/access/actions/runs/3 (that apply reported failures)
      "
    `);
  });

  it('json', async () => {
    expect(
      await output('history', '--user', 'edsger@example.com', '--format', 'json'),
    ).toMatchInlineSnapshot(`
      "{
        "formatVersion": 1,
        "kind": "history",
        "config": "access/okta-access.yaml",
        "user": "edsger@example.com",
        "app": null,
        "entitlement": null,
        "ref": {
          "sha": "21f13d90585b888878f8cb3b64d200ed7cf6a5ce",
          "subject": "Explain the layout",
          "committedAt": "2024-02-10T09:00:00Z"
        },
        "commits": 9,
        "entries": [
          {
            "action": "grant",
            "app": "Payroll",
            "entitlement": "Viewer",
            "email": "edsger@example.com",
            "file": "access/apps/payroll-people.csv",
            "line": 5,
            "commit": {
              "sha": "45125dbb3de41713c74376b9e222f4778b7c2878",
              "subject": "Rename the payroll CSV; Edsger replaces Alan",
              "committedAt": "2024-01-15T10:00:00Z",
              "merge": false
            },
            "author": {
              "name": "Alan Turing",
              "email": "alan@example.com",
              "authoredAt": "2024-01-15T10:00:00Z"
            },
            "mergedBy": null,
            "pullRequest": null,
            "approvers": [],
            "approvalSource": null,
            "applied": {
              "status": "applied",
              "commit": "5294d1a22962af88bf2504f1dcbea2e15be3ba65",
              "appliedAt": "2024-01-21T08:00:00Z",
              "runUrl": "https://github.com/acme/access/actions/runs/2",
              "planHash": "sha256:plan2",
              "ok": true
            }
          }
        ],
        "warnings": []
      }
      "
    `);
  });

  it('csv, with cells a spreadsheet would execute neutralized', async () => {
    expect(await output(...args, '--format', 'csv', '--entitlement', 'Admin')).toMatchInlineSnapshot(`
      "date,action,app,entitlement,email,commit,subject,author,authoredAt,mergedBy,pullRequest,approvers,approvalSource,applied,appliedAt,appliedCommit,runUrl,file,line
      2024-01-01T10:00:00Z,grant,Payroll,Admin,ada@example.com,49826b0727fb95e905e8dcc7a1ddc975f80e057d,Start the access repository,Alan Turing <alan@example.com>,2024-01-01T10:00:00Z,,,,,superseded,,c4451762062173016f6982494abf46d3065a5abf,,access/apps/payroll.csv,2
      2024-01-05T09:00:00Z,removal,Payroll,Admin,ada@example.com,c4451762062173016f6982494abf46d3065a5abf,Remove Ada from payroll admin,Grace Hopper <grace@example.com>,2024-01-05T09:00:00Z,,,Edsger Dijkstra <edsger@example.com>,commit,superseded,,f39fdb2764db7cbd5c606cfdd12aa8a9cda6fd0b,,access/apps/payroll.csv,2
      2024-01-10T11:00:00Z,grant,Payroll,Admin,ADA@example.com,f39fdb2764db7cbd5c606cfdd12aa8a9cda6fd0b,Merge pull request #12 from acme/grant-ada,Barbara Liskov <barbara@example.com>,2024-01-08T15:00:00Z,Edsger Dijkstra <edsger@example.com>,12,Grace <grace@example.com>,commit,applied,2024-01-10T12:00:00Z,f39fdb2764db7cbd5c606cfdd12aa8a9cda6fd0b,https://github.com/acme/access/actions/runs/1,access/apps/payroll.csv,4
      2024-01-20T10:00:00Z,removal,Payroll,Admin,ADA@example.com,5294d1a22962af88bf2504f1dcbea2e15be3ba65,Ada moves from payroll admin to viewer,Alan Turing <alan@example.com>,2024-01-20T10:00:00Z,,,,,applied,2024-01-21T08:00:00Z,5294d1a22962af88bf2504f1dcbea2e15be3ba65,https://github.com/acme/access/actions/runs/2,access/apps/payroll-people.csv,3
      2024-02-02T10:00:00Z,grant,Payroll,Admin,ada@example.com,212bd75c17d0fffa254df94b462f196b77934e0d,Grant Ada payroll admin,Alan Turing <alan@example.com>,2024-02-02T10:00:00Z,,,,,superseded,,cd50a954a6e16596209b1f8361c749a83a0b348e,,access/apps/payroll-people.csv,6
      2024-02-03T10:00:00Z,removal,Payroll,Admin,ada@example.com,cd50a954a6e16596209b1f8361c749a83a0b348e,'-Revert the mistaken grant,Alan Turing <alan@example.com>,2024-02-03T10:00:00Z,,,,,applied,2024-02-10T09:30:00Z,21f13d90585b888878f8cb3b64d200ed7cf6a5ce,https://github.com/acme/access/actions/runs/3,access/apps/payroll-people.csv,6
      "
    `);
  });
});

describe('csvCell', () => {
  it('neutralizes formulas and quotes what needs quoting', () => {
    expect(
      ['=1+2', '+1', '-1', '@SUM(A1)', '\tx', 'a,b', 'say "hi"', 'plain', 12, null].map(csvCell),
    ).toEqual(["'=1+2", "'+1", "'-1", "'@SUM(A1)", "'\tx", '"a,b"', '"say ""hi"""', 'plain', '12', '']);
  });

  it('shows control and reordering characters as escapes, keeping tabs and line breaks', () => {
    expect(csvCell('\u001b[2J\u001b]8;;https://evil.example\u0007x\u202e')).toBe(
      '\\u001b[2J\\u001b]8;;https://evil.example\\u0007x\\u202e',
    );
    expect(csvCell('two\nlines\r\nand\ta tab')).toBe('"two\nlines\r\nand\ta tab"');
  });
});
