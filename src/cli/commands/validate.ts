import { loadDesired } from '../../load/index.js';
import { countBySeverity } from '../../model/diagnostic.js';
import { describeCounts, renderDiagnosticsGithub, renderDiagnosticsText } from '../../render/diagnostics.js';
import { printable } from '../../render/escape.js';
import { renderSummaryLine, summarizeDesired } from '../../render/summary.js';
import { type CliIo, exitCodes, stylesFor } from '../io.js';
import { csvProgress } from '../progress.js';

export type ValidateFormat = 'text' | 'json' | 'github';

export interface ValidateOptions {
  readonly config: string;
  readonly format: ValidateFormat;
}

/** `okta-access validate`: every problem in the access repository, exit 1 when any is an error. */
export async function validateCommand(options: ValidateOptions, io: CliIo): Promise<number> {
  const progress = csvProgress(io);
  const started = performance.now();
  const result = await loadDesired({
    configPath: options.config,
    env: io.env,
    onProgress: progress.onProgress,
  });
  progress.done();
  const seconds = (performance.now() - started) / 1000;
  const { errors, warnings } = countBySeverity(result.diagnostics);
  const valid = errors === 0;
  const summary = result.state === undefined ? undefined : summarizeDesired(result.state);

  switch (options.format) {
    case 'json':
      io.stdout.write(
        `${JSON.stringify(
          {
            formatVersion: 1,
            valid,
            errors,
            warnings,
            summary: summary ?? null,
            diagnostics: result.diagnostics,
          },
          null,
          2,
        )}\n`,
      );
      break;
    case 'github':
      io.stdout.write(renderDiagnosticsGithub(result.diagnostics));
      io.stdout.write(
        valid
          ? `${options.config}: valid${summary === undefined ? '' : ` (${renderSummaryLine(summary)})`}\n`
          : `${options.config}: ${describeCounts(result.diagnostics)}\n`,
      );
      break;
    case 'text': {
      const styles = stylesFor(io);
      io.stdout.write(renderDiagnosticsText(result.diagnostics, styles));
      if (valid && summary !== undefined) {
        const note = warnings > 0 ? ` with ${describeCounts(result.diagnostics).split(', ')[1]}` : '';
        io.stdout.write(
          `${styles.green('✔')} ${printable(options.config)} is valid${note}: ${renderSummaryLine(summary)} ${styles.dim(`(${seconds.toFixed(1)} s)`)}\n`,
        );
      } else {
        io.stdout.write(
          `${styles.red('✖')} ${printable(options.config)}: ${describeCounts(result.diagnostics)}\n`,
        );
      }
      break;
    }
  }
  return valid ? exitCodes.ok : exitCodes.failure;
}
