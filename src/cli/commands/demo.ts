import { fileURLToPath } from 'node:url';
import { loadDesired } from '../../load/index.js';
import { displayPath } from '../../load/paths.js';
import { countBySeverity } from '../../model/diagnostic.js';
import { describeCounts, renderDiagnosticsText } from '../../render/diagnostics.js';
import { renderSummaryLine, renderSummaryText, summarizeDesired } from '../../render/summary.js';
import { type CliIo, exitCodes, stylesFor } from '../io.js';

/** The bundled example, next to the package's build/ and src/ folders. */
export const quickstartConfig = fileURLToPath(
  new URL('../../../examples/quickstart/okta-access.yaml', import.meta.url),
);

/** `okta-access demo`: loads and validates the bundled quickstart example and shows what it declares. */
export async function demoCommand(io: CliIo): Promise<number> {
  const styles = stylesFor(io);
  const config = displayPath(quickstartConfig);
  io.stdout.write(`${styles.bold('okta-access demo')}: the quickstart access repository (${config})\n\n`);
  const result = await loadDesired({ configPath: quickstartConfig, env: io.env });
  io.stdout.write(renderDiagnosticsText(result.diagnostics, styles));
  const { errors } = countBySeverity(result.diagnostics);
  if (errors > 0 || result.state === undefined) {
    io.stdout.write(`${styles.red('✖')} the example is invalid: ${describeCounts(result.diagnostics)}\n`);
    return exitCodes.failure;
  }
  const summary = summarizeDesired(result.state);
  io.stdout.write(renderSummaryText(summary, styles));
  io.stdout.write(`\n${styles.green('✔')} valid: ${renderSummaryLine(summary)}\n`);
  io.stdout.write(
    `\nEach entitlement becomes one Okta group named by the rule "${result.state.config.naming.group}".\n` +
      `Try it on your own files:  npx okta-access validate --config path/to/okta-access.yaml\n` +
      `Break a row in ${config.replace('okta-access.yaml', 'apps/payroll.csv')} and validate again to see a diagnostic.\n`,
  );
  return exitCodes.ok;
}
