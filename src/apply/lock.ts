import { linkSync, readFileSync, renameSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { UserError } from '../model/errors.js';

/** Who holds an apply lock: written into the lock file. */
interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
}

export interface ApplyLock {
  readonly file: string;
  /** Set when a lock left by a run that is gone was taken over. */
  readonly takenOver?: string;
  release(): void;
}

/** A takeover in progress older than this was abandoned by a killed run. */
const abandonedTakeoverMs = 30_000;

/**
 * Takes the apply lock `file` (beside the journal), so that two applies from one checkout never interleave their
 * writes and journal lines. The lock file is created whole, atomically (written aside, then hard-linked into place:
 * `link` fails when the name exists), and names the process holding it. A lock whose process is gone (same host, no
 * such pid) is taken over, under a second exclusive file so that two runs never take over the same stale lock; any
 * other lock refuses the run (APPLY_LOCKED). A plain exclusive file rather than a lock library: the holder's pid is
 * what tells a live lock from a stale one here, and what the person refused needs to see.
 */
export function acquireApplyLock(file: string, now: () => Date = () => new Date()): ApplyLock {
  const me: LockOwner = { pid: process.pid, host: hostname(), startedAt: now().toISOString() };
  const mine = JSON.stringify(me);
  if (tryCreate(file, mine)) return held(file, mine);
  const holder = readOwner(file);
  if (holder !== undefined && isAlive(holder)) refuse(file, holder);
  const takenOver = takeOver(file, mine, holder);
  return held(file, mine, takenOver);
}

function held(file: string, mine: string, takenOver?: string): ApplyLock {
  let released = false;
  return {
    file,
    ...(takenOver === undefined ? {} : { takenOver }),
    release() {
      if (released) return;
      released = true;
      // Remove only our own lock: never one a later run took over after this one was presumed dead.
      if (readText(file) === mine) rmSync(file, { force: true });
    },
  };
}

/** Creates `file` holding `text`, whole, unless it exists. */
function tryCreate(file: string, text: string): boolean {
  const aside = `${file}.${process.pid}.${Date.now()}.tmp`;
  writeFileSync(aside, text, { flag: 'wx' });
  try {
    linkSync(aside, file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(aside, { force: true });
  }
}

function takeOver(file: string, mine: string, stale: LockOwner | undefined): string {
  const guard = `${file}.takeover`;
  clearAbandoned(guard);
  if (!tryCreate(guard, mine)) {
    const other = readOwner(guard);
    throw new UserError(
      'APPLY_LOCKED',
      `another apply (pid ${other?.pid ?? 'unknown'}) is taking over the stale lock ${file}`,
      { hint: 'wait for it to finish, then apply again' },
    );
  }
  try {
    // Under the guard, nobody else replaces the lock: check it is still the stale one, then replace it.
    const now = readOwner(file);
    if (now !== undefined && isAlive(now)) refuse(file, now);
    const dead = `${file}.${process.pid}.stale`;
    try {
      renameSync(file, dead);
      rmSync(dead, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (!tryCreate(file, mine)) {
      const holder = readOwner(file);
      if (holder !== undefined) refuse(file, holder);
      throw new UserError('APPLY_LOCKED', `the apply lock ${file} could not be taken`);
    }
  } finally {
    rmSync(guard, { force: true });
  }
  return stale === undefined
    ? `took over the apply lock ${file}, which named no process (an unreadable lock file)`
    : `took over the apply lock ${file} left by pid ${stale.pid} (started ${stale.startedAt}), which is no longer running`;
}

function clearAbandoned(guard: string): void {
  try {
    if (Date.now() - statSync(guard).mtimeMs > abandonedTakeoverMs) unlinkSync(guard);
  } catch {
    // No guard, or another run removed it first.
  }
}

function refuse(file: string, holder: LockOwner): never {
  throw new UserError(
    'APPLY_LOCKED',
    `another apply from this checkout is running: pid ${holder.pid} on ${holder.host} holds ${file} (since ${holder.startedAt})`,
    {
      hint: 'wait for it to finish; if that process is gone and the lock stays, delete the lock file',
    },
  );
}

/** Alive, or on another host (its pid cannot be checked from here, so it counts as alive). */
function isAlive(owner: LockOwner): boolean {
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists under another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

function readOwner(file: string): LockOwner | undefined {
  const text = readText(file);
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as Partial<LockOwner>;
    if (typeof value.pid !== 'number' || !Number.isInteger(value.pid) || value.pid <= 0) return undefined;
    return {
      pid: value.pid,
      host: typeof value.host === 'string' ? value.host : hostname(),
      startedAt: typeof value.startedAt === 'string' ? value.startedAt : 'an unknown time',
    };
  } catch {
    return undefined;
  }
}
