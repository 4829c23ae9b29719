import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The apply journal: one JSON line per change completed, per plan hash, in a local file. A re-run of the same plan
 * reads it to report what an earlier run did; the org itself (re-read before writing) decides what is left to do.
 */
export interface Journal {
  readonly file: string;
  /** Keys of changes completed by earlier runs of this plan. */
  readonly done: ReadonlySet<string>;
  record(key: string, outcome: string): void;
  /** Identity-source sessions opened by any earlier run from this checkout (whatever its plan). */
  readonly sessions: ReadonlySet<string>;
  /** Notes a session this run opened, before loading it: a crashed run's session is then recognised as ours. */
  recordSession(sessionId: string): void;
}

export function openJournal(file: string, planHash: string): Journal {
  const done = new Set<string>();
  const sessions = new Set<string>();
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    // No journal yet.
  }
  for (const line of text.split('\n')) {
    if (line.trim() === '') continue;
    try {
      const entry = JSON.parse(line) as { plan?: string; key?: string; session?: string };
      if (entry.plan === planHash && typeof entry.key === 'string') done.add(entry.key);
      if (typeof entry.session === 'string') sessions.add(entry.session);
    } catch {
      // A line cut short by a killed run: ignore it.
    }
  }
  mkdirSync(path.dirname(file), { recursive: true });
  return {
    file,
    done,
    sessions,
    recordSession(sessionId) {
      sessions.add(sessionId);
      appendFileSync(
        file,
        `${JSON.stringify({ plan: planHash, session: sessionId, at: new Date().toISOString() })}\n`,
      );
    },
    record(key, outcome) {
      appendFileSync(
        file,
        `${JSON.stringify({ plan: planHash, key, outcome, at: new Date().toISOString() })}\n`,
      );
    },
  };
}
