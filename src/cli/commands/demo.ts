import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { SeedDocument } from '../../emulator/seed.js';
import { startEmulator } from '../../emulator/server.js';
import { loadDesired } from '../../load/index.js';
import { displayPath } from '../../load/paths.js';
import { countBySeverity } from '../../model/diagnostic.js';
import type { DesiredState } from '../../model/state.js';
import { packageRoot } from '../../package-root.js';
import { runApply } from '../../pipeline/apply.js';
import { runPlan } from '../../pipeline/plan.js';
import { applyRenderers } from '../../render/apply.js';
import { describeCounts, renderDiagnosticsText } from '../../render/diagnostics.js';
import { planRenderers } from '../../render/plan.js';
import { renderSummaryLine, summarizeDesired } from '../../render/summary.js';
import { type CliIo, exitCodes, stylesFor } from '../io.js';
import { openPort } from './plan.js';

/** The bundled example, in the package's examples/ folder. */
export const quickstartConfig = path.join(packageRoot(), 'examples', 'quickstart', 'okta-access.yaml');

/**
 * `okta-access demo`: validates the bundled quickstart example, starts the embedded Okta emulator with the example's
 * people in it (as an org that has never seen the tool), plans the example against it, applies the plan, and plans
 * again to show that nothing is left to do. Short enough to read in one screen or two (under 80 lines): the plan
 * counts each group's members instead of listing them, and the apply prints its counts and failures.
 */
export async function demoCommand(io: CliIo): Promise<number> {
  const styles = stylesFor(io);
  const config = displayPath(quickstartConfig);
  io.stdout.write(`${styles.bold('okta-access demo')}: the quickstart access repository (${config})\n`);
  io.stdout.write(
    styles.dim(`Each step is a command you can run on your own files: okta-access validate, plan, apply.`) +
      '\n\n',
  );
  io.stdout.write(`${styles.bold('1. Validate')}: the files alone, without Okta\n`);
  const loaded = await loadDesired({ configPath: quickstartConfig, env: io.env });
  io.stdout.write(renderDiagnosticsText(loaded.diagnostics, styles));
  if (countBySeverity(loaded.diagnostics).errors > 0 || loaded.state === undefined) {
    io.stdout.write(`${styles.red('✖')} the example is invalid: ${describeCounts(loaded.diagnostics)}\n`);
    return exitCodes.failure;
  }
  io.stdout.write(`${styles.green('✔')} valid: ${renderSummaryLine(summarizeDesired(loaded.state))}\n\n`);

  const emulator = await startEmulator({ seed: seedPeople(loaded.state) });
  try {
    io.stdout.write(
      `${styles.bold('2. Plan')}: against the embedded Okta emulator, holding the example's ${loaded.state.people.size} people and nothing else\n` +
        styles.dim(
          '   (members are counted per group here; okta-access plan lists each one with its CSV line)',
        ) +
        '\n\n',
    );
    const env = { OKTA_ORG_URL: emulator.url, OKTA_API_TOKEN: emulator.token };
    const result = await runPlan({ configPath: quickstartConfig, env, openPort: openPort(0.8) });
    if (!result.ok) {
      io.stdout.write(renderDiagnosticsText(result.diagnostics, styles));
      return exitCodes.failure;
    }
    io.stdout.write(planRenderers.text(result.plan, styles, { countAdditions: true }));

    io.stdout.write(`\n${styles.bold('3. Apply')}: writing the plan to the emulator\n\n`);
    const applied = await runApply({
      configPath: quickstartConfig,
      env,
      openPort: openPort(0.8, 8),
      plan: result.plan,
      allowDeletes: false,
      concurrency: 8,
      journalPath: path.join(mkdtempSync(path.join(tmpdir(), 'okta-access-demo-')), 'journal.jsonl'),
    });
    if (!applied.ok) {
      io.stdout.write(
        `${styles.red('✖')} apply did not run: ${applied.reason === 'refused' ? applied.message : 'invalid files'}\n`,
      );
      return exitCodes.failure;
    }
    io.stdout.write(applyRenderers.text(applied.report, styles));

    io.stdout.write(`\n${styles.bold('4. Plan again')}: Okta should now match the files\n\n`);
    const again = await runPlan({ configPath: quickstartConfig, env, openPort: openPort(0.8) });
    if (!again.ok) return exitCodes.failure;
    io.stdout.write(planRenderers.text(again.plan, styles));
    return applied.report.ok && again.plan.changes.length === 0 ? exitCodes.ok : exitCodes.failure;
  } finally {
    await emulator.stop();
  }
}

/** The people of an access repository as an emulator seed: the users an org would have before the tool runs. */
export function seedPeople(state: DesiredState): SeedDocument {
  const users = [...state.people.values()].map((person) => ({
    email: person.email,
    firstName: person.firstName,
    lastName: person.lastName,
    ...(person.managerEmail !== undefined && state.people.has(person.managerEmail)
      ? { manager: person.managerEmail }
      : {}),
  }));
  return { users };
}
