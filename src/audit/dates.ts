import { UserError } from '../model/errors.js';

/** What `--at` names: a moment, or a revision (sha, branch, tag, `HEAD~3`). */
export type AtSpec =
  | { readonly kind: 'date'; readonly date: Date; readonly text: string }
  | { readonly kind: 'revision'; readonly revision: string };

const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/;
const dateTime = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?$/i;

const dateHint =
  'give a date as YYYY-MM-DD (the end of that day, UTC), a time as 2027-03-31T12:00:00Z, or a commit';

/**
 * `2027-03-31` is the end of that day, UTC; a date and time without a zone is UTC; anything else is a revision,
 * resolved by Git.
 */
export function parseAt(text: string): AtSpec {
  const day = dateOnly.exec(text);
  if (day !== null) {
    const [year, month, date] = [Number(day[1]), Number(day[2]), Number(day[3])];
    const end = new Date(Date.UTC(year, month - 1, date, 23, 59, 59, 999));
    if (end.getUTCFullYear() !== year || end.getUTCMonth() !== month - 1 || end.getUTCDate() !== date) {
      throw new UserError('AUDIT_BAD_DATE', `--at ${text} is not a date`, { hint: dateHint });
    }
    return { kind: 'date', date: end, text };
  }
  if (dateTime.test(text)) {
    const zoned = /(?:Z|[+-]\d{2}:?\d{2})$/i.test(text) ? text : `${text}Z`;
    const date = new Date(zoned.replace(' ', 'T'));
    if (Number.isNaN(date.getTime())) {
      throw new UserError('AUDIT_BAD_DATE', `--at ${text} is not a valid date and time`, { hint: dateHint });
    }
    return { kind: 'date', date, text };
  }
  if (text.trim() === '' || text.startsWith('-')) {
    throw new UserError('AUDIT_BAD_DATE', `--at "${text}" is neither a date nor a revision`, {
      hint: dateHint,
    });
  }
  return { kind: 'revision', revision: text };
}

/** ISO 8601 UTC to the second, as every audit report shows times. */
export function isoSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}
