import type { ChangeResult } from '../model/apply.js';
import { type Change, type ChangeKind, changeKey, changeKinds } from '../model/change.js';
import { OktaRequestError } from '../okta/errors.js';
import type { ApplyContext, Handler } from './context.js';
import { handlers } from './handlers/index.js';
import type { Journal } from './journal.js';

export interface ExecuteOptions {
  /** Changes written at once within a phase; the port's limiter bounds what reaches Okta. */
  readonly concurrency: number;
  readonly journal?: Journal;
  readonly onProgress?: (done: number, total: number) => void;
}

/**
 * Runs the changes phase by phase in apply order (apps, groups, descriptions, assignments, additions, removals,
 * unassignments, deletions), so that a group exists before members are added and members are removed before a
 * group is deleted; within a phase, concurrently. A failure is recorded and the run goes on with what does not
 * depend on it.
 */
export async function executeChanges(
  changes: readonly Change[],
  context: ApplyContext,
  options: ExecuteOptions,
): Promise<ChangeResult[]> {
  const results: ChangeResult[] = [];
  let done = 0;
  for (const kind of changeKinds) {
    const phase = changes.filter((change) => change.kind === kind);
    let next = 0;
    const worker = async () => {
      while (next < phase.length) {
        const change = phase[next++];
        if (change === undefined) break;
        results.push(await runOne(change, context, options.journal));
        options.onProgress?.(++done, changes.length);
      }
    };
    await Promise.all(Array.from({ length: Math.min(options.concurrency, phase.length) }, worker));
  }
  return results;
}

async function runOne(
  change: Change,
  context: ApplyContext,
  journal: Journal | undefined,
): Promise<ChangeResult> {
  const key = changeKey(change);
  const handler = handlers[change.kind] as Handler<ChangeKind>;
  try {
    const { outcome, detail } = await handler(change as never, context);
    journal?.record(key, outcome);
    return { key, change, outcome, ...(detail === undefined ? {} : { detail }) };
  } catch (error) {
    const failure = describeFailure(error);
    return { key, change, outcome: 'failed', ...failure };
  }
}

function describeFailure(error: unknown): { detail: string; errorCode?: string; errorId?: string } {
  if (error instanceof OktaRequestError) {
    return {
      detail: error.message,
      ...(error.errorCode === undefined ? {} : { errorCode: error.errorCode }),
      ...(error.errorId === undefined ? {} : { errorId: error.errorId }),
    };
  }
  return { detail: error instanceof Error ? error.message : String(error) };
}
