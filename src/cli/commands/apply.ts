import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline/promises';
import { schemaErrors } from '../../load/schema.js';
import { UserError } from '../../model/errors.js';
import type { Plan } from '../../model/plan.js';
import { runApply } from '../../pipeline/apply.js';
import { deleteLimitBlocker } from '../../plan/build.js';
import { applyRenderers } from '../../render/apply.js';
import { renderDiagnosticsText } from '../../render/diagnostics.js';
import { printable } from '../../render/escape.js';
import { planRenderers } from '../../render/plan.js';
import { createApplyProgress } from '../apply-progress.js';
import { prepareApplyRecord } from '../apply-record.js';
import { type CliIo, exitCodes, stylesFor } from '../io.js';
import { openPort, parseCapacity } from './plan.js';

export interface ApplyCommandOptions {
  readonly config?: string;
  readonly format: 'text' | 'json' | 'markdown';
  readonly autoApprove?: boolean;
  readonly allowDeletes?: boolean;
  readonly maxCapacity: string;
  readonly concurrency: string;
  readonly journal?: string;
  readonly report?: string;
  /** Write the apply record (a Git note on HEAD), as the Action does: see src/cli/apply-record.ts. */
  readonly record?: boolean;
  /** List every result, not only counts and failures (text format). */
  readonly verbose?: boolean;
}

/** `okta-access apply [plan.json]`: applies a saved plan, or plans now and applies after confirmation. */
export async function applyCommand(
  planFile: string | undefined,
  options: ApplyCommandOptions,
  io: CliIo,
): Promise<number> {
  const styles = stylesFor(io);
  const concurrency = Number(options.concurrency);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 64) {
    throw new UserError(
      'CONCURRENCY',
      `--concurrency must be a whole number from 1 to 64, got "${options.concurrency}"`,
    );
  }
  const saved = planFile === undefined ? undefined : await readPlan(planFile);
  if (saved === undefined && options.autoApprove !== true && !io.interactive) {
    throw new UserError(
      'APPROVAL_NEEDED',
      'apply without a saved plan asks for confirmation, and this is not a terminal',
      {
        hint: 'pass --auto-approve, or apply a reviewed plan: okta-access plan --out plan.json, then okta-access apply plan.json',
      },
    );
  }
  const configPath = options.config ?? saved?.config ?? 'okta-access.yaml';
  const recorder = options.record === true ? await prepareApplyRecord(configPath, io.env) : undefined;
  const progress = createApplyProgress(io);
  const result = await runApply({
    configPath,
    env: io.env,
    openPort: openPort(parseCapacity(options.maxCapacity), concurrency, 'apply'),
    allowDeletes: options.allowDeletes === true,
    concurrency,
    ...(saved === undefined ? {} : { plan: saved }),
    ...(options.journal === undefined ? {} : { journalPath: options.journal }),
    ...(options.autoApprove === true || saved !== undefined
      ? {}
      : { confirm: (plan: Plan) => confirm(plan, io, options.allowDeletes === true) }),
    onProgress: progress.onProgress,
    onStatus: (message) => io.stderr.write(`${printable(message)}\n`),
  }).finally(() => progress.done());
  if (!result.ok) {
    if (result.reason === 'invalid') {
      io.stdout.write(renderDiagnosticsText(result.diagnostics, styles));
      io.stdout.write(`${styles.red('✖')} the access repository is invalid; nothing was written to Okta\n`);
      return exitCodes.failure;
    }
    if (result.plan !== undefined && result.plan.diagnostics.length > 0) {
      io.stdout.write(renderDiagnosticsText(result.plan.diagnostics, styles));
    }
    io.stdout.write(`${styles.red('✖')} apply refused: ${printable(result.message)}\n`);
    return result.override === undefined ? exitCodes.failure : exitCodes.blocked;
  }
  if (options.report !== undefined)
    await writeFile(options.report, applyRenderers.json(result.report, styles));
  io.stdout.write(
    applyRenderers[options.format](result.report, styles, { verbose: options.verbose === true }),
  );
  await recorder?.write(result.report, io);
  return result.report.ok ? exitCodes.ok : exitCodes.failure;
}

/** The plan as --allow-deletes makes it: the deletion-limit blocker lifted, any other blocker kept. */
export function withDeletesAllowed(plan: Plan): Plan {
  const limit = deleteLimitBlocker(plan.blockers);
  if (limit === undefined) return plan;
  const blockers = plan.blockers.filter((blocker) => blocker !== limit);
  return { ...plan, blockers, applicable: blockers.length === 0 };
}

async function readPlan(file: string): Promise<Plan> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(file, 'utf8'));
  } catch (error) {
    throw new UserError('PLAN_UNREADABLE', `cannot read the plan ${file}: ${(error as Error).message}`, {
      hint: 'make one with okta-access plan --out plan.json',
    });
  }
  const errors = schemaErrors('plan', value);
  if (errors.length > 0) {
    throw new UserError(
      'PLAN_INVALID',
      `${file} is not a plan this version can apply: ${errors.slice(0, 3).join('; ')}`,
      {
        hint: 'make a new plan with this version of okta-access',
      },
    );
  }
  return value as Plan;
}

async function confirm(plan: Plan, io: CliIo, allowDeletes: boolean): Promise<boolean> {
  const styles = stylesFor(io);
  io.stdout.write(planRenderers.text(allowDeletes ? withDeletesAllowed(plan) : plan, styles));
  if (allowDeletes && plan.deleteLimit.exceeded) {
    io.stdout.write(
      `${styles.yellow('!')} --allow-deletes: ${plan.deleteLimit.destructive} destructive change${plan.deleteLimit.destructive === 1 ? '' : 's'} past the limits of okta-access.yaml will be made\n`,
    );
  }
  if (!plan.applicable && !(allowDeletes && plan.deleteLimit.exceeded)) return false;
  const prompt = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = await prompt.question(
      `\nApply these ${plan.changes.length} changes to ${plan.org}? Only "yes" is accepted: `,
    );
    return answer.trim() === 'yes';
  } finally {
    prompt.close();
  }
}
