import { assertNever, type Change, type UserChange } from '../model/change.js';
import { campaignLabel } from './campaign-words.js';
import type { Styles } from './diagnostics.js';
import type { Sign } from './plan-words.js';

/** What plan and apply texts show for one change, and how they colour its sign. */
export function colourSign(sign: Sign, styles: Styles): string {
  if (sign === '+') return styles.green(sign);
  if (sign === '~' || sign === '»') return styles.yellow(sign);
  return styles.red(sign);
}

export function changeLabel(change: Change): string {
  switch (change.kind) {
    case 'app.create':
      return `create app ${change.app} (bookmark ${change.url})`;
    case 'group.create':
      return `create group ${change.group}`;
    case 'group.adopt':
      return `adopt group ${change.group} (add the ownership marker): ${quoteValue(change.description.from)} → ${quoteValue(change.description.to)}`;
    case 'group.update':
      return `update group ${change.group} description: ${quoteValue(change.description.from)} → ${quoteValue(change.description.to)}`;
    case 'assignment.add':
      return `assign to app ${change.app}`;
    case 'membership.add':
    case 'membership.remove':
      return change.email;
    case 'assignment.remove':
      return `unassign from app ${change.app}`;
    case 'group.delete':
      return `delete group ${change.group}`;
    case 'campaign.create':
    case 'campaign.replace':
    case 'campaign.launch':
    case 'campaign.end':
      return campaignLabel(change, quoteValue);
    case 'user.source':
    case 'user.deactivate':
      return userChangeLabel(change);
    default:
      return assertNever(change);
  }
}

/** "source 500 people through identity source 0oa…" / "deactivate 2 people …": a user change as one line. */
export function userChangeLabel(change: UserChange): string {
  const people = peopleCount(change.people.length);
  return change.kind === 'user.source'
    ? `source ${people} through identity source ${change.identitySourceId}`
    : `deactivate ${people} through identity source ${change.identitySourceId}`;
}

/** "1 person", "10,500 people". */
export function peopleCount(count: number): string {
  return `${count.toLocaleString('en-US')} ${count === 1 ? 'person' : 'people'}`;
}

export function quoteValue(text: string | null): string {
  return text === null ? '(none)' : JSON.stringify(text);
}
