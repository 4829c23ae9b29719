import type { Json } from '../model/campaign.js';
import { assertNever, type Change } from '../model/change.js';
import { formatSource, type SourceRef } from '../model/source.js';
import { campaignLabel, describeCampaignBody, fieldValue } from './campaign-words.js';
import { userChangeLabel } from './change-label.js';
import { codeSpan, escapeMarkdown, link } from './escape.js';
import type { Tier } from './plan-budget.js';
import type { AppNode, CampaignChange } from './plan-tree.js';
import { describeChanges } from './plan-words.js';

export type SourceUrl = (file: string, line: number) => string;

/** One change as one list line, and the list it is cut with when the comment is too long. */
export interface ChangeLine {
  readonly text: string;
  readonly tier: Tier;
}

/** The changes of one group (or of the app itself, `group: null`). */
export interface ChangeBlock {
  readonly group: string | null;
  /** "create group, 100 members to add" */
  readonly phrase: string;
  readonly lines: readonly ChangeLine[];
}

export interface AppBlocks {
  readonly app: string;
  readonly blocks: readonly ChangeBlock[];
}

/** The tree's changes that `tierOf` puts in a list, as list lines; apps and groups without any are left out. */
export function changeBlocks(
  tree: readonly AppNode[],
  tierOf: (change: Change) => Tier | null,
  sourceUrl: SourceUrl | undefined,
): AppBlocks[] {
  const apps: AppBlocks[] = [];
  const lines = (changes: readonly Change[]) =>
    changes.flatMap((change) => {
      const tier = tierOf(change);
      return tier === null ? [] : [{ change, tier }];
    });
  for (const app of tree) {
    const blocks: ChangeBlock[] = [];
    const own = lines(app.changes);
    if (own.length > 0) blocks.push(block(null, own, sourceUrl));
    for (const group of app.groups) {
      const changes = lines(group.changes);
      if (changes.length > 0) blocks.push(block(group.group, changes, sourceUrl));
    }
    if (blocks.length > 0) apps.push({ app: app.app, blocks });
  }
  return apps;
}

function block(
  group: string | null,
  lines: readonly { readonly change: Change; readonly tier: Tier }[],
  sourceUrl: SourceUrl | undefined,
): ChangeBlock {
  return {
    group,
    phrase: describeChanges(lines.map(({ change }) => change)),
    lines: lines.map(({ change, tier }) => ({ text: changeLine(change, sourceUrl), tier })),
  };
}

/** `- remove bob@example.com · `apps/payroll.csv:12` — reason` (no reason for additions of members). */
export function changeLine(change: Change, sourceUrl: SourceUrl | undefined): string {
  const parts = [`- ${label(change)}`];
  if (change.source !== undefined) parts.push(` · ${sourceLink(change.source, sourceUrl)}`);
  if (change.kind !== 'membership.add') parts.push(` — ${escapeMarkdown(change.reason)}`);
  return parts.join('');
}

/**
 * A campaign change as a list item, with what it does as nested items: the create body in short, or each field a
 * replace changes. A change that says it is destructive is marked so (it is listed with the campaigns, not among
 * the destructive changes of the apps).
 */
export function campaignItem(
  change: CampaignChange,
  launched: ReadonlySet<string>,
  sourceUrl: SourceUrl | undefined,
): string[] {
  const line = changeLine(change, sourceUrl);
  const head = change.destructive ? `- **destructive:** ${line.slice(2)}` : line;
  return [head, ...campaignDetails(change, launched).map((detail) => `  - ${detail}`)];
}

function campaignDetails(change: CampaignChange, launched: ReadonlySet<string>): string[] {
  switch (change.kind) {
    case 'campaign.create':
      return [
        escapeMarkdown(describeCampaignBody(change.body, change.targetGroups, launched.has(change.campaign))),
      ];
    case 'campaign.replace':
      return change.fields.map(
        (field) => `${codeSpan(field.path)}: ${value(field.from)} → ${value(field.to)}`,
      );
    case 'campaign.launch':
    case 'campaign.end':
      return [];
    default:
      return assertNever(change);
  }
}

function value(json: Json | undefined): string {
  const text = fieldValue(json);
  return text === null ? '_(unset)_' : codeSpan(text);
}

export function sourceLink(source: SourceRef, sourceUrl: SourceUrl | undefined): string {
  const code = codeSpan(formatSource(source));
  return sourceUrl === undefined ? code : link(code, sourceUrl(source.file, source.line));
}

function label(change: Change): string {
  switch (change.kind) {
    case 'app.create':
      return `create app ${escapeMarkdown(change.app)} (bookmark ${codeSpan(change.url)})`;
    case 'group.create':
      return `create group ${escapeMarkdown(change.group)}`;
    case 'group.adopt':
      return `adopt group ${escapeMarkdown(change.group)} (add the ownership marker): ${quote(change.description.from)} → ${quote(change.description.to)}`;
    case 'group.update':
      return `update group ${escapeMarkdown(change.group)} description: ${quote(change.description.from)} → ${quote(change.description.to)}`;
    case 'assignment.add':
      return `assign to app ${escapeMarkdown(change.app)}`;
    case 'membership.add':
      return `add ${escapeMarkdown(change.email)}`;
    case 'membership.remove':
      return `remove ${escapeMarkdown(change.email)}`;
    case 'assignment.remove':
      return `unassign from app ${escapeMarkdown(change.app)}`;
    case 'group.delete':
      return `delete group ${escapeMarkdown(change.group)}`;
    case 'campaign.create':
    case 'campaign.replace':
    case 'campaign.launch':
    case 'campaign.end':
      return campaignLabel(change, quote);
    case 'user.source':
    case 'user.deactivate':
      return escapeMarkdown(userChangeLabel(change));
    default:
      return assertNever(change);
  }
}

export function quote(text: string | null): string {
  return text === null ? '_(none)_' : `“${escapeMarkdown(text)}”`;
}
