import { oktaGroupNameMax } from '../model/config.js';
import type { App, Campaign, Entitlement } from '../model/state.js';
import type { Collector } from './collector.js';
import { diagnostic, didYouMean } from './diagnose.js';
import { positionOf, type YamlFile } from './yaml-file.js';

/** Rules over the entitlements of every app, once all CSVs are read. */
export function checkEntitlements(
  apps: ReadonlyMap<string, App>,
  incomplete: ReadonlySet<string>,
  collector: Collector,
): void {
  const byGroup = new Map<string, Entitlement>();
  for (const app of apps.values()) {
    for (const entitlement of app.entitlements.values()) {
      const { source, groupName } = entitlement;
      const at = { line: source.line, col: source.col ?? 1 };
      if (groupName.length > oktaGroupNameMax) {
        collector.add(
          diagnostic(
            'error',
            'GROUP_NAME_TOO_LONG',
            source.file,
            at,
            `the group name for ${app.label} ${entitlement.name} is ${groupName.length} characters; Okta allows ${oktaGroupNameMax}`,
            'shorten the entitlement name or the app label, or change naming.group in okta-access.yaml',
          ),
        );
      }
      // Okta compares group names without case: "Payroll-Admin" and "payroll-admin" are one group.
      const key = groupName.toLowerCase();
      const other = byGroup.get(key);
      if (other !== undefined) {
        collector.add(
          diagnostic(
            'error',
            'GROUP_NAME_COLLISION',
            source.file,
            at,
            `${app.label} ${entitlement.name} and ${other.app} ${other.name} would share the Okta group "${groupName}"`,
            `the other is declared at ${other.source.file}:${other.source.line}; group names compare without case`,
          ),
        );
      } else {
        byGroup.set(key, entitlement);
      }
      if (entitlement.declared && entitlement.members.size === 0 && !incomplete.has(app.label)) {
        collector.add(
          diagnostic(
            'warning',
            'ENTITLEMENT_UNUSED',
            source.file,
            at,
            `no CSV row grants ${app.label} ${entitlement.name}; its group will have no members`,
          ),
        );
      }
    }
  }
}

/** Rules that tie campaigns to the apps and entitlements of the repository, and to time. */
export function checkCampaign(
  campaign: Campaign,
  yaml: YamlFile,
  apps: ReadonlyMap<string, App>,
  now: Date,
  collector: Collector,
): void {
  const { definition } = campaign;
  const file = yaml.file;
  for (const [index, resource] of definition.resources.entries()) {
    const app = apps.get(resource.app);
    if (app === undefined) {
      collector.add(
        diagnostic(
          'error',
          'CAMPAIGN_UNKNOWN_APP',
          file,
          positionOf(yaml, ['resources', index, 'app']),
          `no app file declares an app labelled "${resource.app}"`,
          didYouMean(resource.app, apps.keys()),
        ),
      );
      continue;
    }
    if (resource.entitlements === 'all') continue;
    for (const [position, name] of resource.entitlements.entries()) {
      if (app.entitlements.has(name)) continue;
      collector.add(
        diagnostic(
          'error',
          'CAMPAIGN_UNKNOWN_ENTITLEMENT',
          file,
          positionOf(yaml, ['resources', index, 'entitlements', position]),
          `${app.label} has no entitlement "${name}"`,
          didYouMean(name, app.entitlements.keys()) ??
            `its entitlements: ${[...app.entitlements.keys()].join(', ')}`,
        ),
      );
    }
  }

  const { schedule } = definition;
  const start = Date.parse(schedule.startDate);
  if (start <= now.getTime()) {
    collector.add(
      diagnostic(
        'warning',
        'CAMPAIGN_START_IN_PAST',
        file,
        positionOf(yaml, ['schedule', 'startDate']),
        `the start date ${schedule.startDate} has passed`,
        'Okta accepts new campaigns only with a future start; this is fine for a campaign that already exists',
      ),
    );
  }
  const recurrence = schedule.recurrence;
  if (recurrence?.ends !== undefined && Date.parse(recurrence.ends) <= start) {
    collector.add(
      diagnostic(
        'error',
        'CAMPAIGN_SCHEDULE',
        file,
        positionOf(yaml, ['schedule', 'recurrence', 'ends']),
        'the recurrence ends before the first campaign starts',
      ),
    );
  }
  if (recurrence?.repeatOnType === 'LAST_WEEKDAY_AS_START_DATE' && !/^P\d+M$/.test(recurrence.interval)) {
    collector.add(
      diagnostic(
        'error',
        'CAMPAIGN_SCHEDULE',
        file,
        positionOf(yaml, ['schedule', 'recurrence', 'repeatOnType']),
        'LAST_WEEKDAY_AS_START_DATE applies to monthly intervals only',
        'use an interval of whole months, such as P1M or P3M',
      ),
    );
  }
  if (definition.reviewers.type !== 'MULTI_LEVEL' && definition.reviewers.levels !== undefined) {
    collector.add(
      diagnostic(
        'error',
        'CAMPAIGN_REVIEWERS',
        file,
        positionOf(yaml, ['reviewers', 'levels'], 'key'),
        'reviewer levels apply to MULTI_LEVEL reviews only',
        'set reviewers.type to MULTI_LEVEL, or remove levels',
      ),
    );
  }
}
