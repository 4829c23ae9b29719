import { compareBodies } from '../campaigns/body.js';
import type { ActualCampaign, CampaignStatusNote, DesiredCampaign } from '../model/campaign.js';
import type { Change } from '../model/change.js';
import type { Diagnostic } from '../model/diagnostic.js';

export interface CampaignDiffInput {
  readonly desired: readonly DesiredCampaign[];
  /** Campaigns in Okta whose names the repository uses, or that carry the ownership marker. */
  readonly actual: readonly ActualCampaign[];
  readonly now: Date;
}

export interface CampaignDiffResult {
  readonly changes: Change[];
  readonly notes: CampaignStatusNote[];
  readonly diagnostics: Diagnostic[];
}

/**
 * Campaigns: create the missing, replace a changed one while it is still scheduled (Okta has no update), launch
 * when the file says on-apply, end when it asks; never touch an active or completed campaign otherwise — the plan
 * says why. Pure.
 */
export function diffCampaigns({ desired, actual, now }: CampaignDiffInput): CampaignDiffResult {
  const changes: Change[] = [];
  const notes: CampaignStatusNote[] = [];
  const diagnostics: Diagnostic[] = [];
  const byName = new Map<string, ActualCampaign[]>();
  for (const campaign of actual) byName.set(campaign.name, [...(byName.get(campaign.name) ?? []), campaign]);

  for (const campaign of desired) {
    const app = campaign.app;
    const source = { file: campaign.source.file, line: campaign.source.line };
    const found = byName.get(campaign.name) ?? [];
    const unmanaged = found.filter((candidate) => !candidate.managed);
    const managed = found.filter((candidate) => candidate.managed);
    if (managed.length === 0 && unmanaged.length > 0) {
      diagnostics.push({
        severity: 'warning',
        code: 'CAMPAIGN_UNMANAGED',
        message: `a campaign named "${campaign.name}" exists in Okta without the ownership marker; it is left alone and none is created`,
        hint: 'rename the campaign in the file, or delete the other one in Okta',
        file: source.file,
        line: source.line,
        col: 1,
      });
      continue;
    }
    // The campaign the file defines: the scheduled one (a recurring definition stays scheduled), else the latest.
    const current =
      managed.find((candidate) => candidate.status === 'SCHEDULED' || candidate.status === 'ERROR') ??
      managed.at(-1);
    const startsInPast =
      Date.parse(
        String(
          campaign.body.scheduleSettings &&
            (campaign.body.scheduleSettings as { startDate?: string }).startDate,
        ),
      ) <= now.getTime();
    if (current === undefined) {
      if (startsInPast) {
        diagnostics.push(pastStart(campaign));
        continue;
      }
      changes.push({
        kind: 'campaign.create',
        app,
        campaign: campaign.name,
        body: campaign.body,
        targetGroups: campaign.targetGroups,
        reason: 'the campaign does not exist in Okta yet',
        destructive: false,
        source,
      });
      if (campaign.launch === 'on-apply') changes.push(launch(campaign, app, undefined));
      continue;
    }
    const fields = compareBodies(current.body, campaign.body);
    if (current.status === 'SCHEDULED' || current.status === 'ERROR') {
      if (fields.length > 0) {
        if (startsInPast) {
          diagnostics.push(pastStart(campaign));
          continue;
        }
        changes.push({
          kind: 'campaign.replace',
          app,
          campaign: campaign.name,
          campaignId: current.id,
          body: campaign.body,
          targetGroups: campaign.targetGroups,
          fields,
          reason: `${fields.length} setting${fields.length === 1 ? '' : 's'} changed; Okta has no campaign update, so the scheduled campaign is deleted and created again`,
          // A scheduled campaign has no reviews yet: replacing it removes no access and loses no decision.
          destructive: false,
          source,
        });
        if (campaign.launch === 'on-apply') changes.push(launch(campaign, app, undefined));
      } else if (campaign.launch === 'on-apply') {
        changes.push(launch(campaign, app, current.id));
      } else {
        notes.push({ campaign: campaign.name, status: current.status });
      }
      continue;
    }
    if (current.status === 'ACTIVE' && campaign.end) {
      changes.push({
        kind: 'campaign.end',
        app,
        campaign: campaign.name,
        campaignId: current.id,
        reason: 'the campaign file asks for the campaign to end (open reviews close, remediation runs)',
        destructive: true,
        source,
      });
      continue;
    }
    notes.push({
      campaign: campaign.name,
      status: current.status,
      ...(current.reviews === undefined ? {} : { reviews: current.reviews }),
      ...(fields.length === 0
        ? {}
        : {
            note:
              `the definition changed (${fields.map((field) => field.path).join(', ')}), but an ${current.status.toLowerCase()} campaign is history and is not changed; ` +
              (campaign.body.scheduleSettings !== undefined &&
              (campaign.body.scheduleSettings as { type?: string }).type === 'RECURRING'
                ? 'the change applies from the next occurrence once this one completes'
                : 'give the campaign a new name to run it again with the new settings'),
          }),
    });
  }

  const wanted = new Set(desired.map((campaign) => campaign.name));
  for (const campaign of actual) {
    if (!campaign.managed || wanted.has(campaign.name)) continue;
    notes.push({
      campaign: campaign.name,
      status: campaign.status,
      ...(campaign.reviews === undefined ? {} : { reviews: campaign.reviews }),
      note: 'no campaign file defines it any more; it is left as it is',
    });
  }
  return { changes, notes, diagnostics };
}

function launch(campaign: DesiredCampaign, app: string, campaignId: string | undefined): Change {
  return {
    kind: 'campaign.launch',
    app,
    campaign: campaign.name,
    ...(campaignId === undefined ? {} : { campaignId }),
    reason: 'the campaign file says launch: on-apply',
    destructive: false,
    source: { file: campaign.source.file, line: campaign.source.line },
  };
}

function pastStart(campaign: DesiredCampaign): Diagnostic {
  return {
    severity: 'error',
    code: 'CAMPAIGN_START_IN_PAST',
    message: `campaign "${campaign.name}" would be created with a start date that has passed; Okta refuses that`,
    hint: 'move schedule.startDate into the future',
    file: campaign.source.file,
    line: campaign.source.line,
    col: 1,
  };
}
