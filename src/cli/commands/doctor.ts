import path from 'node:path';
import { glob } from 'tinyglobby';
import { renderReportJson, renderReportText } from '../../doctor/report.js';
import { runDoctor } from '../../doctor/run.js';
import type { Config } from '../../model/config.js';
import type { ScopeCommand } from '../../okta/scopes.js';
import { resolveConnection } from '../../pipeline/connection.js';
import { describeCounts, renderDiagnosticsText } from '../../render/diagnostics.js';
import { type CliIo, exitCodes, stylesFor } from '../io.js';
import { openPort } from './plan.js';
import { rootSettings } from './root-settings.js';

export interface DoctorCommandOptions {
  readonly config?: string;
  readonly format: 'text' | 'json';
  /** Check one command's needs only (`--for plan`); default plan and apply. */
  readonly for?: ScopeCommand;
}

/** `okta-access doctor`: the org URL, the credentials and each scope the configured features need. */
export async function doctorCommand(options: DoctorCommandOptions, io: CliIo): Promise<number> {
  const styles = stylesFor(io);
  const settings = await rootSettings(options.config, io.env);
  if (!settings.ok) {
    io.stdout.write(renderDiagnosticsText(settings.diagnostics, styles));
    io.stdout.write(`${styles.red('✖')} ${describeCounts(settings.diagnostics)}; Okta was not contacted\n`);
    return exitCodes.failure;
  }
  const users = settings.config.users;
  const report = await runDoctor({
    connection: resolveConnection(settings.config, io.env),
    features: {
      campaigns: await hasCampaignFiles(settings.config),
      ...(users === undefined ? {} : { usersSource: { identitySourceId: users.identitySourceId } }),
    },
    ...(options.for === undefined ? {} : { commands: [options.for] }),
    // One request at a time, full capacity: a handful of reads that should not wait.
    openPort: openPort(1, 1),
  });
  io.stdout.write(options.format === 'json' ? renderReportJson(report) : renderReportText(report, styles));
  return report.ok ? exitCodes.ok : exitCodes.failure;
}

/** Whether the repository has campaign files (then the governance scopes are needed). */
async function hasCampaignFiles(config: Config): Promise<boolean> {
  const patterns = config.campaigns.filter(
    (pattern) => !path.isAbsolute(pattern) && !pattern.split(/[\\/]/).includes('..'),
  );
  if (patterns.length === 0) return false;
  const found = await glob(patterns, { cwd: config.root, onlyFiles: true, expandDirectories: false });
  return found.length > 0;
}
