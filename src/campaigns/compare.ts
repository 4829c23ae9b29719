import jsonpatch from 'fast-json-patch';
import type { FieldChange, Json } from '../model/campaign.js';
import { byText, isObject, type JsonObject, pointerOf, pointerTokens, valueAt } from './json.js';
import { canonicalBody } from './normalize.js';

/**
 * Field-level differences between the campaign Okta holds (`actual`) and the one a file defines (`desired`), both
 * brought into the canonical form first (so either may be passed raw or normalized): the RFC 6902 operations that
 * turn actual into desired, with the old value at each path and the new one, sorted by path.
 *
 * A list is one value for people: a change inside a list of plain values (ids, reminders), or a list of objects that
 * grew or shrank (targets), is shown as one change of the whole list; lists of objects of the same length (reviewer
 * levels) are compared field by field.
 */
export function compareBodies(actual: JsonObject, desired: JsonObject): FieldChange[] {
  const before = canonicalBody(actual);
  const after = canonicalBody(desired);
  const operations = jsonpatch.compare(before, after);
  const byPath = new Map<string, FieldChange>();
  for (const operation of operations) {
    if (operation.op !== 'add' && operation.op !== 'remove' && operation.op !== 'replace') continue;
    const tokens = displayed(pointerTokens(operation.path), before, after);
    const path = pointerOf(tokens);
    if (byPath.has(path)) continue;
    const from = valueAt(before, tokens);
    const to = valueAt(after, tokens);
    if (from === undefined && to === undefined) continue;
    byPath.set(path, {
      op: from === undefined ? 'add' : to === undefined ? 'remove' : 'replace',
      path,
      ...(from === undefined ? {} : { from }),
      ...(to === undefined ? {} : { to }),
    });
  }
  return [...byPath.values()].sort((a, b) => byText(a.path, b.path));
}

/** The path a change is shown at: the first list on the way that is shown whole, else the path itself. */
function displayed(tokens: readonly string[], before: Json, after: Json): string[] {
  for (let depth = 0; depth < tokens.length; depth++) {
    const prefix = tokens.slice(0, depth);
    const left = valueAt(before, prefix);
    const right = valueAt(after, prefix);
    if (!Array.isArray(left) && !Array.isArray(right)) continue;
    if (!Array.isArray(left) || !Array.isArray(right)) return prefix;
    const objects = [...left, ...right].every((item) => isObject(item));
    if (!objects || left.length !== right.length) return prefix;
  }
  return [...tokens];
}
