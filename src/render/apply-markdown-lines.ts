import type { ChangeResult } from '../model/apply.js';
import { assertNever, type Change } from '../model/change.js';
import type { AppResults } from './apply-tree.js';
import { describeApplied, outcomeNote } from './apply-words.js';
import { campaignLabel } from './campaign-words.js';
import { userChangeLabel } from './change-label.js';
import { codeSpan, escapeMarkdown } from './escape.js';
import { changeLine, quote, type SourceUrl, sourceLink } from './plan-markdown-changes.js';

/** The applied results of one group (or of the app itself, `group: null`), as list lines. */
export interface ResultBlock {
  readonly group: string | null;
  /** "950 members added, group created" */
  readonly phrase: string;
  readonly lines: readonly string[];
}

export interface AppSection {
  readonly app: string;
  readonly blocks: readonly ResultBlock[];
}

/**
 * The results `include` keeps, per app and group, each as the plan comment's line for its change (what, where, why):
 * the heading says what happened. Apps and groups without any are left out.
 */
export function appSections(
  tree: readonly AppResults[],
  include: (result: ChangeResult) => boolean,
  sourceUrl: SourceUrl | undefined,
): AppSection[] {
  const sections: AppSection[] = [];
  const block = (group: string | null, results: readonly ChangeResult[]): ResultBlock[] => {
    const kept = results.filter(include);
    if (kept.length === 0) return [];
    return [
      {
        group,
        phrase: describeApplied(kept),
        lines: kept.map((result) => changeLine(result.change, sourceUrl)),
      },
    ];
  };
  for (const app of tree) {
    const blocks = [...block(null, app.results), ...app.groups.flatMap((g) => block(g.group, g.results))];
    if (blocks.length > 0) sections.push({ app: app.app, blocks });
  }
  return sections;
}

/**
 * A result outside the app/group headings, as one line that says where it is and what happened:
 * `- Payroll › Payroll-Admin: remove bob@example.com · `apps/payroll.csv:12` — failed `E0000007` · error id `oae1`: …`
 * (a campaign's is under its app: `- Payroll: launch campaign “…” — …`).
 */
export function outcomeLine(result: ChangeResult, sourceUrl: SourceUrl | undefined): string {
  const { change } = result;
  const where =
    'group' in change ? `${change.app} › ${change.group}` : 'app' in change ? change.app : 'Users';
  const source = change.source === undefined ? '' : ` · ${sourceLink(change.source, sourceUrl)}`;
  return `- ${escapeMarkdown(where)}: ${label(change)}${source} — ${note(result)}`;
}

/** "**failed** `E0000007` · error id `oae1`: Okta answered 404 …", with Okta's ids as code and the text escaped. */
function note(result: ChangeResult): string {
  if (result.outcome !== 'failed') return escapeMarkdown(outcomeNote(result));
  const head = result.verifyFailed === true ? '**did not take**' : '**failed**';
  const ids: string[] = [];
  if (result.errorCode !== undefined) ids.push(codeSpan(result.errorCode));
  if (result.errorId !== undefined) ids.push(`error id ${codeSpan(result.errorId)}`);
  const prefix = ids.length === 0 ? head : `${head} ${ids.join(' · ')}`;
  return result.detail === undefined ? prefix : `${prefix}: ${escapeMarkdown(result.detail)}`;
}

function label(change: Change): string {
  switch (change.kind) {
    case 'app.create':
      return `create app (bookmark ${codeSpan(change.url)})`;
    case 'group.create':
      return 'create group';
    case 'group.adopt':
      return `adopt (ownership marker added: “${escapeMarkdown(change.description.to)}”)`;
    case 'group.update':
      return `update description to “${escapeMarkdown(change.description.to)}”`;
    case 'assignment.add':
      return 'assign to app';
    case 'membership.add':
      return `add ${escapeMarkdown(change.email)}`;
    case 'membership.remove':
      return `remove ${escapeMarkdown(change.email)}`;
    case 'assignment.remove':
      return 'unassign from app';
    case 'group.delete':
      return 'delete group';
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
