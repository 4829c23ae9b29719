#!/usr/bin/env node
// Benchmark: `okta-access audit` on five years of history. A synthetic access repository gets one merged pull request
// a week for 260 weeks (a branch commit, a merge commit "Merge pull request #N" with an Approved-by trailer, an apply
// note on most merges); each week adds and removes about 1 % of the rows, growing them to 100,000 at the end. Then
// `audit who-has --at <middle of the history>` and `audit history --user` run, each in a fresh child process so its
// wall time and peak memory (maxRSS) are its own.
// Usage: node bench/audit-history.mjs [--weeks 260] [--rows 100000] [--out BENCHMARKS.md]   (npm run build first)
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { machine, writeSection } from './report.mjs';

const here = fileURLToPath(import.meta.url);
const root = path.resolve(path.dirname(here), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const index = args.indexOf(name);
  return index === -1 ? undefined : args[index + 1];
};
const subject = 'audit.subject@example.com';

if (args[0] === '--child') {
  await child(args.slice(1));
} else {
  await main();
}

/** Runs one audit command in this process, as the CLI does, and prints its figures as JSON. */
async function child(argv) {
  const { Command } = await import('commander');
  const { registerAuditCommand } = await import('../build/cli/commands/audit.js');
  let bytes = 0;
  let stdout = '';
  let stderr = '';
  const io = {
    stdout: {
      write: (text) => {
        bytes += Buffer.byteLength(text);
        if (stdout.length < 2_000_000) stdout += text;
      },
    },
    stderr: { write: (text) => (stderr += text) },
    env: {},
    interactive: false,
  };
  const program = new Command('okta-access').exitOverride();
  let code = -1;
  registerAuditCommand(program, io, (value) => {
    code = value;
  });
  const started = performance.now();
  await program.parseAsync(['audit', ...argv, '--format', 'json'], { from: 'user' });
  const wallMs = performance.now() - started;
  const report = JSON.parse(stdout);
  console.log(
    JSON.stringify({
      code,
      wallMs,
      maxRssKiB: process.resourceUsage().maxRSS,
      outputBytes: bytes,
      stderr: stderr.trim(),
      commit: report.commit?.sha ?? report.ref?.sha,
      members: report.members?.length,
      people: report.people,
      entries: report.entries?.length,
      commits: report.commits,
      warnings: report.warnings.length,
    }),
  );
}

async function main() {
  const weeks = Number(option('--weeks') ?? 260);
  const rows = Number(option('--rows') ?? 100_000);
  const out = option('--out');
  const json = option('--json');
  if (!existsSync(path.join(root, 'build', 'cli', 'commands', 'audit.js'))) {
    throw new Error('build/ has no audit command: run npm run build first');
  }
  const directory = mkdtempSync(path.join(os.tmpdir(), 'okta-access-audit-bench-'));
  try {
    const generated = await generate(directory, weeks, rows);
    const middle = generated.dates[Math.floor(weeks / 2)].slice(0, 10);
    const config = path.join(directory, 'okta-access.yaml');
    const historyArgs = ['history', '--config', config, '--user', subject.toUpperCase()];
    // As fast-import wrote it (every version stored whole), then packed with deltas as a clone from GitHub is.
    const historyUnpacked = measure(historyArgs);
    const repackStarted = performance.now();
    execFileSync('git', ['repack', '-adfq', '--depth=50', '--window=10'], { cwd: directory });
    const repackSeconds = (performance.now() - repackStarted) / 1000;
    const packedBytes = packSize(directory);
    const whoHas = measure(['who-has', '--config', config, '--app', 'App01', '--at', middle]);
    const whoHasTip = measure(['who-has', '--config', config, '--app', 'App01']);
    const history = measure(historyArgs);
    for (const run of [historyUnpacked, history]) {
      if (run.entries !== generated.subjectChanges) {
        throw new Error(
          `history found ${run.entries} changes, the generator made ${generated.subjectChanges}`,
        );
      }
    }
    const figures = {
      date: new Date().toISOString(),
      machine: machine(),
      weeks,
      rows,
      ...generated,
      middle,
      repackSeconds,
      packedBytes,
      whoHas,
      whoHasTip,
      history,
      historyUnpacked,
    };
    console.log(JSON.stringify({ ...figures, dates: undefined }, null, 2));
    if (json !== undefined) writeFileSync(json, JSON.stringify({ ...figures, dates: undefined }));
    if (out !== undefined) report(path.resolve(root, out), figures);
  } finally {
    rmSync(directory, { recursive: true, force: true });
  }
}

function measure(argv) {
  const command = [process.execPath, here, '--child', ...argv];
  // GNU time, when there is one, also sees the Git processes the command starts (the largest of them all).
  const timed = existsSync('/usr/bin/time');
  const run = spawnSync(
    timed ? '/usr/bin/time' : command[0],
    timed ? ['-f', 'TREE_MAX_RSS_KIB=%M', ...command] : command.slice(1),
    { encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (run.status !== 0) throw new Error(`audit ${argv[0]} failed: ${run.stdout}${run.stderr}`);
  const result = JSON.parse(run.stdout);
  if (result.code !== 0) throw new Error(`audit ${argv[0]} failed: ${run.stdout}`);
  const tree = /TREE_MAX_RSS_KIB=(\d+)/.exec(run.stderr ?? '');
  return { ...result, treeMaxRssKiB: tree === null ? null : Number(tree[1]) };
}

// A small deterministic random generator (mulberry32), so every run builds the same repository.
function random(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Writes the history with `git fast-import`: 10 apps × 10 entitlements, App01 holding half of the rows; 60 % of the
 * final rows at week 0, then each week removes 0.4 % of the rows and adds enough to reach the final count at the last
 * week, half of them in App01 and half in two other apps. The audited
 * person is granted or loses an entitlement every 9 weeks, under changing letter case.
 */
async function generate(directory, weeks, finalRows) {
  const started = performance.now();
  execFileSync('git', ['init', '-q', '-b', 'main', directory]);
  const importer = spawn('git', ['fast-import', '--quiet', '--done'], {
    cwd: directory,
    stdio: ['pipe', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve, reject) =>
    importer.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`git fast-import exited ${code}`)),
    ),
  );
  let pending = [];
  let pendingBytes = 0;
  async function write(chunk) {
    pending.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
    pendingBytes += chunk.length;
    if (pendingBytes > 1 << 20) await flush();
  }
  async function flush() {
    const data = Buffer.concat(pending);
    pending = [];
    pendingBytes = 0;
    if (!importer.stdin.write(data)) await new Promise((resolve) => importer.stdin.once('drain', resolve));
  }
  let mark = 0;
  async function blob(text) {
    const data = Buffer.from(text);
    mark++;
    await write(`blob\nmark :${mark}\ndata ${data.length}\n`);
    await write(data);
    await write('\n');
    return mark;
  }
  const data = (text) => `data ${Buffer.byteLength(text)}\n${text}\n`;

  const rand = random(42);
  const appCount = 10;
  const apps = Array.from({ length: appCount }, (_, a) => `App${String(a + 1).padStart(2, '0')}`);
  const roles = Array.from({ length: 10 }, (_, r) => `Role${r + 1}`);
  const peopleCount = 40_000;
  const person = (p) => `First${p},Last${p},user${p}@example.com,user${Math.floor(p / 10)}@example.com`;
  // Per app: row key → row text, and an array of keys for random picks.
  const tables = apps.map(() => ({ rows: new Map(), keys: [] }));
  const add = (a, key, text) => {
    const table = tables[a];
    if (table.rows.has(key)) return false;
    table.rows.set(key, text);
    table.keys.push(key);
    return true;
  };
  const removeRandom = (a) => {
    const table = tables[a];
    if (table.keys.length === 0) return;
    const index = Math.floor(rand() * table.keys.length);
    const key = table.keys[index];
    if (key.startsWith('subject/')) return; // the audited person's rows change only on purpose
    table.keys[index] = table.keys[table.keys.length - 1];
    table.keys.pop();
    table.rows.delete(key);
  };
  const addRandom = (a) => {
    for (;;) {
      const p = Math.floor(rand() * peopleCount);
      const role = roles[Math.floor(rand() * roles.length)];
      if (add(a, `${p}/${role}`, `${person(p)},${apps[a]},${role}`)) return;
    }
  };
  const header = 'firstName,lastName,email,managerEmail,appName,groupName';
  const csvOf = (a) => `${header}\n${[...tables[a].rows.values()].join('\n')}\n`;
  let total = 0;
  const start = Math.round(finalRows * 0.6);
  // App01 is the big one (half of the rows, changed every week); the other nine share the rest.
  const spread = (i, others) => (i % 2 === 0 ? 0 : others[(i >> 1) % others.length]);
  const allOthers = Array.from({ length: appCount - 1 }, (_, a) => a + 1);
  for (let i = 0; i < start; i++) addRandom(spread(i, allOthers));
  total = start;

  const day = 86_400;
  const first = Date.UTC(2021, 0, 4) / 1000; // a Monday
  const dates = [];
  const author = (name, seconds) =>
    `${name} <${name.toLowerCase().replace(' ', '.')}@example.com> ${seconds} +0000`;

  // Week 0: the whole repository, committed directly.
  const files = [
    ['okta-access.yaml', await blob('version: 1\napps: apps/*.yaml\nlimits:\n  maxCsvBytes: 1073741824\n')],
  ];
  for (const [a, label] of apps.entries()) {
    files.push([
      `apps/${label}.yaml`,
      await blob(`label: ${label}\ncsv: ${label}.csv\nallowUndeclaredEntitlements: true\n`),
    ]);
    files.push([`apps/${label}.csv`, await blob(csvOf(a))]);
  }
  mark++;
  let main = mark;
  await write(`commit refs/heads/main\nmark :${main}\n`);
  await write(`author ${author('Alan Turing', first)}\ncommitter ${author('Alan Turing', first)}\n`);
  await write(data('Start the access repository'));
  for (const [file, blobMark] of files) await write(`M 100644 :${blobMark} ${file}\n`);
  dates.push(new Date(first * 1000).toISOString());

  const notes = [];
  let subjectChanges = 0;
  let subjectHolds = null; // [app index, role] while the audited person holds an entitlement
  for (let week = 1; week < weeks; week++) {
    const target = Math.round(start + ((finalRows - start) * week) / (weeks - 1));
    const removals = Math.round(total * 0.004);
    const additions = target - total + removals;
    const touched = [0];
    while (touched.length < 3) {
      const a = 1 + Math.floor(rand() * (appCount - 1));
      if (!touched.includes(a)) touched.push(a);
    }
    const others = touched.slice(1);
    for (let i = 0; i < removals; i++) removeRandom(spread(i, others));
    for (let i = 0; i < additions; i++) addRandom(spread(i, others));
    total = target;
    if (week % 9 === 0) {
      const spelling = [
        'Audit.Subject@example.com',
        'audit.subject@example.com',
        'AUDIT.SUBJECT@EXAMPLE.COM',
      ][week % 3];
      if (subjectHolds === null) {
        const a = touched[week % touched.length];
        const role = roles[week % roles.length];
        add(a, `subject/${role}`, `Audit,Subject,${spelling},,${apps[a]},${role}`);
        subjectHolds = [a, role];
      } else {
        const [a, role] = subjectHolds;
        const table = tables[a];
        table.rows.delete(`subject/${role}`);
        table.keys.splice(table.keys.indexOf(`subject/${role}`), 1);
        if (!touched.includes(a)) touched.push(a);
        subjectHolds = null;
      }
      subjectChanges++;
    }
    const changed = [];
    for (const a of touched) changed.push([`apps/${apps[a]}.csv`, await blob(csvOf(a))]);

    const monday = first + week * 7 * day;
    const developer = ['Barbara Liskov', 'Ken Thompson', 'Grace Hopper', 'Edsger Dijkstra'][week % 4];
    mark++;
    const branch = mark;
    await write(`commit refs/heads/pull\nmark :${branch}\n`);
    await write(
      `author ${author(developer, monday + 36_000)}\ncommitter ${author(developer, monday + 36_000)}\n`,
    );
    await write(data(`Access changes of week ${week}`));
    await write(`from :${main}\n`);
    for (const [file, blobMark] of changed) await write(`M 100644 :${blobMark} ${file}\n`);

    mark++;
    const merge = mark;
    const merged = monday + 39_600;
    await write(`commit refs/heads/main\nmark :${merge}\n`);
    await write(`author ${author('Margaret Hamilton', merged)}\ncommitter ${author('GitHub', merged)}\n`);
    await write(
      data(
        `Merge pull request #${week} from acme/week-${week}\n\nAccess changes of week ${week}\n\nApproved-by: Alan Turing <alan.turing@example.com>`,
      ),
    );
    await write(`from :${main}\nmerge :${branch}\n`);
    for (const [file, blobMark] of changed) await write(`M 100644 :${blobMark} ${file}\n`);
    main = merge;
    dates.push(new Date(merged * 1000).toISOString());
    if (week % 5 !== 0) {
      notes.push([
        merge,
        JSON.stringify({
          planHash: `sha256:${week}`,
          counts: { applied: additions + removals },
          ok: true,
          runUrl: `https://github.com/acme/access/actions/runs/${week}`,
          appliedAt: new Date((merged + 600) * 1000).toISOString(),
          org: 'https://acme.okta.com',
        }),
      ]);
    }
  }
  mark++;
  const last = first + weeks * 7 * day;
  await write(`commit refs/notes/okta-access\nmark :${mark}\n`);
  await write(`committer ${author('okta-access', last)}\n`);
  await write(data('Apply records'));
  for (const [commitMark, record] of notes) await write(`N inline :${commitMark}\n${data(record)}`);
  await write('done\n');
  await flush();
  importer.stdin.end();
  await exited;
  execFileSync('git', ['update-ref', '-d', 'refs/heads/pull'], { cwd: directory });
  execFileSync('git', ['checkout', '-q', 'main'], { cwd: directory });
  const packBytes = packSize(directory);
  const csvBytes = apps.reduce(
    (sum, _, a) => sum + statSync(path.join(directory, 'apps', `${apps[a]}.csv`)).size,
    0,
  );
  return {
    generateSeconds: (performance.now() - started) / 1000,
    commits: weeks * 2 - 1,
    firstParentCommits: weeks,
    finalRows: tables.reduce((sum, table) => sum + table.rows.size, 0),
    csvBytes,
    packBytes,
    subjectChanges,
    dates,
  };
}

function packSize(directory) {
  const counts = execFileSync('git', ['count-objects', '-v'], { cwd: directory, encoding: 'utf8' });
  return Number(/size-pack: (\d+)/.exec(counts)?.[1] ?? 0) * 1024;
}

function report(file, f) {
  const mib = (kib) => `${(kib / 1024).toFixed(0)} MiB`;
  const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
  const invocations = (stderr) => /with (\d+) git invocations/.exec(stderr)?.[1] ?? '?';
  const versions = (stderr) => /(\d+) CSV versions/.exec(stderr)?.[1] ?? '?';
  const row = (name, r, what) =>
    `| ${name} | ${what} | ${seconds(r.wallMs)} | ${mib(r.maxRssKiB)} | ${r.treeMaxRssKiB === null ? 'n/a' : mib(r.treeMaxRssKiB)} | ${invocations(r.stderr)} |`;
  const changes = (r) =>
    `${r.entries} changes over ${r.commits} commits (${versions(r.stderr)} CSV versions read)`;
  writeSection(file, 'audit-history', [
    '## Audit over five years of history',
    '',
    `Measured ${f.date.slice(0, 10)} on ${f.machine}. Size: \`--weeks ${f.weeks} --rows ${f.rows}\`.`,
    `Synthetic repository: ${f.weeks} weekly merged pull requests (${f.commits.toLocaleString('en-US')} commits, ${f.firstParentCommits} on the first-parent line), ` +
      `10 apps (App01 holds half of the rows); each week adds and removes about 1 % of the rows, half in App01 and half in two other apps, growing to ${f.finalRows.toLocaleString('en-US')} rows ` +
      `(${(f.csvBytes / 2 ** 20).toFixed(1)} MiB of CSV) at the end; apply notes on 4 merges out of 5. Generated with git fast-import in ` +
      `${f.generateSeconds.toFixed(0)} s (pack ${(f.packBytes / 2 ** 20).toFixed(0)} MiB, every version whole), then repacked with deltas as a ` +
      `clone is (${f.repackSeconds.toFixed(0)} s, ${(f.packedBytes / 2 ** 20).toFixed(0)} MiB).`,
    '',
    '| command | result | wall time | peak RSS (Node) | peak RSS (largest process, Git included) | git invocations |',
    '| --- | --- | --- | --- | --- | --- |',
    row(
      `\`audit who-has --app App01 --at ${f.middle}\` (middle)`,
      f.whoHas,
      `${f.whoHas.members.toLocaleString('en-US')} grants`,
    ),
    row(
      '`audit who-has --app App01` (tip)',
      f.whoHasTip,
      `${f.whoHasTip.members.toLocaleString('en-US')} grants`,
    ),
    row('`audit history --user …`', f.history, changes(f.history)),
    row('`audit history --user …`, before the repack', f.historyUnpacked, changes(f.historyUnpacked)),
    '',
    'who-has reads one tree and the files of that commit. history walks the first-parent line once (`git log --raw` with',
    'the apply notes), reads every CSV version that changed through one `git cat-file --batch` (newest first, the order in',
    'which deltas resolve fastest) and parses only the lines that mention the person. Wall time is the whole command',
    "(JSON output written to memory); the largest-process RSS is GNU time's maximum over Node and the Git processes.",
  ]);
}
