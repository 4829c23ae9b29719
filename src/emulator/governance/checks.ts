import { OktaError } from '../errors.js';
import type { Store } from '../store.js';
import { type JsonRecord, record } from './campaign.js';

/** 400 E0000001 "Api validation failed: …", the answer to every problem with a createCampaign body. */
export function invalid(message: string): OktaError {
  return new OktaError(400, 'E0000001', `Api validation failed: ${message}`, [message]);
}

export function missing(path: string, id: string): OktaError {
  return new OktaError(400, 'E0000001', `Api validation failed: ${path} ${id} not found`, [
    `${id} not found`,
  ]);
}

export function object(
  parent: JsonRecord,
  key: string,
  path: string,
  required: boolean,
): JsonRecord | undefined {
  const value = parent[key];
  if (value === undefined || value === null) {
    if (required) throw invalid(`${path} is required`);
    return undefined;
  }
  if (typeof value !== 'object' || Array.isArray(value)) throw invalid(`${path} must be an object`);
  return value as JsonRecord;
}

export function string(
  parent: JsonRecord,
  key: string,
  path: string,
  rules: { required?: boolean; max?: number; oneOf?: readonly string[] } = {},
): string | undefined {
  const value = parent[key];
  if (value === undefined || value === null) {
    if (rules.required === true) throw invalid(`${path} is required`);
    return undefined;
  }
  if (typeof value !== 'string' || value === '') throw invalid(`${path} must be a non-empty string`);
  if (rules.max !== undefined && value.length > rules.max) {
    throw invalid(`${path} must be at most ${rules.max} characters`);
  }
  if (rules.oneOf !== undefined && !rules.oneOf.includes(value)) {
    throw invalid(`${path} must be one of ${rules.oneOf.join(', ')}`);
  }
  return value;
}

export function booleans(parent: JsonRecord, keys: readonly string[], path: string): void {
  for (const key of keys) {
    const value = parent[key];
    if (value !== undefined && value !== null && typeof value !== 'boolean') {
      throw invalid(`${path}/${key} must be a boolean`);
    }
  }
}

export function idList(parent: JsonRecord, key: string, path: string, max: number): string[] {
  const value = parent[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string' || item === '')) {
    throw invalid(`${path} must be a list of ids`);
  }
  if (value.length > max) throw invalid(`${path} must have at most ${max} items`);
  return value as string[];
}

export function idObjects(parent: JsonRecord, keys: readonly string[], path: string): void {
  for (const key of keys) {
    const value = parent[key];
    if (value === undefined) continue;
    const valid =
      Array.isArray(value) &&
      value.every((item) => typeof record(item).id === 'string' && record(item).id !== '');
    if (!valid) throw invalid(`${path}/${key} must be a list of objects with an id`);
  }
}

export interface CheckContext {
  readonly store: Store;
  readonly now: number;
}

export function requireUser(context: CheckContext, path: string, id: string | undefined): void {
  if (id !== undefined && context.store.findUser(id)?.id !== id) throw missing(path, id);
}

export function requireGroup(context: CheckContext, path: string, id: string | undefined): void {
  if (id !== undefined && !context.store.state.groups.has(id)) throw missing(path, id);
}
