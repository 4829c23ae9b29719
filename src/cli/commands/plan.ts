import { writeFile } from 'node:fs/promises';
import { countBySeverity } from '../../model/diagnostic.js';
import { UserError } from '../../model/errors.js';
import { createOktaPort } from '../../okta/client.js';
import type { ScopeCommand } from '../../okta/scopes.js';
import type { Connection } from '../../pipeline/connection.js';
import { guardrailsAtRef } from '../../pipeline/guardrails.js';
import { runPlan } from '../../pipeline/plan.js';
import { parseScopeSpec } from '../../pipeline/scope.js';
import { describeCounts, renderDiagnosticsText } from '../../render/diagnostics.js';
import { printable } from '../../render/escape.js';
import { planRenderers } from '../../render/plan.js';
import { guardrailLines } from '../../render/plan-text.js';
import { type CliIo, exitCodes, stylesFor } from '../io.js';

export type PlanFormat = 'text' | 'json' | 'markdown';

export interface PlanCommandOptions {
  readonly config: string;
  readonly format: PlanFormat;
  readonly out?: string;
  readonly detailedExitcode?: boolean;
  readonly maxCapacity: string;
  /** Plan as a pull request into this ref: its config's guardrails are in force. */
  readonly baseRef?: string;
  /** Also print how the org was read (requests, how users were found). */
  readonly verbose?: boolean;
  /** `git:BASE...HEAD`: plan only what that change touches. */
  readonly scope?: string;
}

/** Parses --max-capacity: a percentage of each rate-limit bucket (1–100). */
export function parseCapacity(value: string): number {
  const percent = Number(value.replace(/%$/, ''));
  if (!Number.isFinite(percent) || percent <= 0 || percent > 100) {
    throw new UserError(
      'MAX_CAPACITY',
      `--max-capacity must be a percentage between 1 and 100, got "${value}"`,
    );
  }
  return percent / 100;
}

/** Opens the Okta port for a connection; `command` is named in errors about scopes. */
export function openPort(
  maxCapacity: number,
  concurrency = 4,
  command?: ScopeCommand,
): (connection: Connection) => ReturnType<typeof createOktaPort> {
  return (connection) =>
    createOktaPort({
      concurrency,
      ...(command === undefined ? {} : { command }),
      orgUrl: connection.orgUrl,
      auth:
        connection.auth.kind === 'token'
          ? { token: connection.auth.token }
          : {
              clientId: connection.auth.clientId,
              privateKey: connection.auth.privateKey,
              scopes: connection.auth.scopes,
              ...(connection.auth.keyId === undefined ? {} : { keyId: connection.auth.keyId }),
            },
      maxCapacity,
    });
}

/** `okta-access plan`: what apply would change in Okta, read from the org now. */
export async function planCommand(options: PlanCommandOptions, io: CliIo): Promise<number> {
  const styles = stylesFor(io);
  const trusted =
    options.baseRef === undefined
      ? undefined
      : await guardrailsAtRef(options.config, options.baseRef, io.env);
  const scope = options.scope === undefined ? undefined : parseScopeSpec(options.scope);
  const result = await runPlan({
    configPath: options.config,
    env: io.env,
    ...(scope === undefined ? {} : { scope }),
    ...(trusted === undefined ? {} : { trusted }),
    openPort: openPort(parseCapacity(options.maxCapacity), 4, 'plan'),
    onProgress: (step, done, total) => {
      if (total >= 50 && done % 50 === 0) io.stderr.write(`reading ${step}: ${done}/${total}\n`);
    },
  });
  if (!result.ok) {
    const guardrails = guardrailLines(result.guardrails, styles);
    if (guardrails.length > 0) io.stdout.write(`${guardrails.join('\n')}\n\n`);
    io.stdout.write(renderDiagnosticsText(result.diagnostics, styles));
    io.stdout.write(
      `${styles.red('✖')} ${options.config}: ${describeCounts(result.diagnostics)}; Okta was not contacted\n`,
    );
    return exitCodes.failure;
  }
  const { plan } = result;
  if (options.out !== undefined) await writeFile(options.out, planRenderers.json(plan, styles));
  io.stdout.write(planRenderers[options.format](plan, styles));
  if (options.verbose === true) {
    io.stderr.write(
      `read the org in ${plan.reads.requests} request${plan.reads.requests === 1 ? '' : 's'}; users: ${plan.reads.userResolutionReason}\n`,
    );
  }
  if (options.out !== undefined && options.format !== 'json')
    io.stderr.write(`plan saved to ${options.out}\n`);
  if (countBySeverity(plan.diagnostics).errors > 0) return exitCodes.failure;
  if (!plan.applicable) {
    // The text plan ends with its blockers; the other formats go to tools, so say it beside them.
    if (options.format !== 'text') {
      for (const blocker of plan.blockers)
        io.stderr.write(`the plan cannot be applied as it is: ${printable(blocker)}\n`);
    }
    return exitCodes.blocked;
  }
  if (options.detailedExitcode === true && plan.changes.length > 0) return exitCodes.changes;
  return exitCodes.ok;
}
