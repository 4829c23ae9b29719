import type { DesiredState } from '../model/state.js';
import { plainStyles, plural, type Styles } from './diagnostics.js';
import { printable } from './escape.js';

export interface DesiredSummary {
  readonly apps: readonly {
    readonly label: string;
    readonly file: string;
    readonly entitlements: readonly {
      readonly name: string;
      readonly group: string;
      readonly members: number;
    }[];
  }[];
  readonly people: number;
  readonly rows: number;
  readonly entitlements: number;
  readonly campaigns: readonly {
    readonly name: string;
    readonly file: string;
    readonly schedule: string;
    readonly reviewers: string;
  }[];
}

/** What a desired state holds, in numbers a person can check against the files. */
export function summarizeDesired(state: DesiredState): DesiredSummary {
  const apps = [...state.apps.values()].map((app) => ({
    label: app.label,
    file: app.source.file,
    entitlements: [...app.entitlements.values()].map((entitlement) => ({
      name: entitlement.name,
      group: entitlement.groupName,
      members: entitlement.members.size,
    })),
  }));
  return {
    apps,
    people: state.people.size,
    rows: state.rowCount,
    entitlements: apps.reduce((sum, app) => sum + app.entitlements.length, 0),
    campaigns: [...state.campaigns.values()].map(({ definition, source }) => ({
      name: definition.name,
      file: source.file,
      schedule:
        definition.schedule.recurrence === undefined
          ? `once from ${definition.schedule.startDate}, ${definition.schedule.durationInDays} days`
          : `every ${definition.schedule.recurrence.interval} from ${definition.schedule.startDate}, ${definition.schedule.durationInDays} days`,
      reviewers: definition.reviewers.type,
    })),
  };
}

export function renderSummaryLine(summary: DesiredSummary): string {
  return [
    plural(summary.apps.length, 'app'),
    plural(summary.entitlements, 'entitlement'),
    plural(summary.people, 'person').replace('persons', 'people'),
    plural(summary.rows, 'row'),
    plural(summary.campaigns.length, 'campaign'),
  ].join(' · ');
}

/** A table of apps, entitlements (with their Okta group and member count) and campaigns. */
export function renderSummaryText(summary: DesiredSummary, styles: Styles = plainStyles): string {
  const lines: string[] = [];
  for (const app of summary.apps) {
    lines.push(`${styles.bold(printable(app.label))} ${styles.dim(printable(`(${app.file})`))}`);
    const groups = app.entitlements.map((entitlement) => printable(entitlement.group));
    const width = Math.max(...groups.map((group) => group.length), 0);
    for (const [index, entitlement] of app.entitlements.entries()) {
      lines.push(`  ${(groups[index] ?? '').padEnd(width)}  ${plural(entitlement.members, 'member')}`);
    }
  }
  if (summary.campaigns.length > 0) {
    lines.push(styles.bold('Campaigns'));
    for (const campaign of summary.campaigns) {
      lines.push(
        `  ${printable(campaign.name)} ${styles.dim(printable(`(${campaign.file})`))}: ${printable(`${campaign.schedule}; reviewers ${campaign.reviewers}`)}`,
      );
    }
  }
  return `${lines.join('\n')}\n`;
}
