import { validationFailed } from '../errors.js';
import type { EmulatorRequest } from '../types.js';
import { identitySourceLimits } from './limits.js';

export interface UpsertEntity {
  externalId: string;
  profile: Record<string, string | null>;
}

/** Length bounds and nullability of the standard keys of IdentitySourceUserProfileForUpsert (management spec). */
const standardKeys: Readonly<
  Record<string, { min?: number; max: number; nullable?: boolean; email?: boolean }>
> = {
  userName: { max: 100 },
  email: { min: 5, max: 100, email: true },
  secondEmail: { min: 5, max: 100, email: true },
  firstName: { min: 1, max: 50, nullable: true },
  lastName: { min: 1, max: 50, nullable: true },
  mobilePhone: { max: 100, nullable: true },
  homeAddress: { max: 4096, nullable: true },
};

const emailPattern = /^[^\s@]+@[^\s@]+$/;

/** Causes are capped so that a 200-profile request full of mistakes still gets a readable answer. */
const maxCauses = 20;

/** Checks a bulk-upsert body (BulkUpsertRequestBody); throws 400 E0000001 listing every problem found. */
export function parseUpsertBody(request: EmulatorRequest): UpsertEntity[] {
  const items = parseEnvelope(request, 'bulk-upsert');
  const causes: string[] = [];
  const entities: UpsertEntity[] = [];
  items.forEach((item, index) => {
    const where = `profiles[${index}]`;
    if (!isRecord(item)) {
      causes.push(`${where}: must be an object with externalId and profile`);
      return;
    }
    const externalId = checkExternalId(item.externalId, where, causes);
    const profile = checkProfile(item.profile, `${where}.profile`, causes);
    if (externalId !== undefined && profile !== undefined) entities.push({ externalId, profile });
  });
  if (causes.length > 0) throw validationFailed('bulk-upsert', causes.slice(0, maxCauses));
  return entities;
}

/** Checks a bulk-delete body (BulkDeleteRequestBody) and answers the external ids it names. */
export function parseDeleteBody(request: EmulatorRequest): string[] {
  const items = parseEnvelope(request, 'bulk-delete');
  const causes: string[] = [];
  const externalIds: string[] = [];
  items.forEach((item, index) => {
    const where = `profiles[${index}]`;
    if (!isRecord(item)) {
      causes.push(`${where}: must be an object with externalId`);
      return;
    }
    const externalId = checkExternalId(item.externalId, where, causes);
    if (externalId !== undefined) externalIds.push(externalId);
  });
  if (causes.length > 0) throw validationFailed('bulk-delete', causes.slice(0, maxCauses));
  return externalIds;
}

/** The parts both bulk bodies share: size, `entityType: "USERS"`, 1–200 profiles. */
function parseEnvelope(request: EmulatorRequest, subject: string): unknown[] {
  const { maxRequestBytes, maxProfilesPerRequest } = identitySourceLimits;
  const bytes = Buffer.byteLength(request.rawBody, 'utf8');
  if (bytes > maxRequestBytes) {
    throw validationFailed(subject, [
      `The request body is ${bytes} bytes; a bulk request may carry at most 200 KB (${maxRequestBytes} bytes). Split the profiles over several requests.`,
    ]);
  }
  const body = request.body;
  if (!isRecord(body)) throw validationFailed(subject, ['profiles: The field cannot be left blank']);
  const causes: string[] = [];
  if (body.entityType !== 'USERS') {
    causes.push(
      body.entityType === undefined
        ? 'entityType: The field cannot be left blank (the only supported value is USERS)'
        : `entityType: Unsupported value ${JSON.stringify(body.entityType)}; the only supported value is USERS`,
    );
  }
  const profiles = body.profiles;
  if (!Array.isArray(profiles) || profiles.length === 0) {
    causes.push('profiles: The field cannot be left blank; send between 1 and 200 profiles');
  } else if (profiles.length > maxProfilesPerRequest) {
    causes.push(
      `profiles: ${profiles.length} profiles sent; a bulk request may carry at most ${maxProfilesPerRequest}`,
    );
  }
  if (causes.length > 0) throw validationFailed(subject, causes);
  return profiles as unknown[];
}

function checkExternalId(value: unknown, where: string, causes: string[]): string | undefined {
  if (typeof value !== 'string' || value === '') {
    causes.push(`${where}.externalId: The field cannot be left blank`);
    return undefined;
  }
  if (value.length > identitySourceLimits.maxExternalIdLength) {
    causes.push(
      `${where}.externalId: The field is too long (${value.length} characters; at most ${identitySourceLimits.maxExternalIdLength})`,
    );
    return undefined;
  }
  return value;
}

function checkProfile(
  value: unknown,
  where: string,
  causes: string[],
): Record<string, string | null> | undefined {
  if (!isRecord(value)) {
    causes.push(`${where}: The field cannot be left blank`);
    return undefined;
  }
  const before = causes.length;
  const profile: Record<string, string | null> = {};
  for (const [key, attribute] of Object.entries(value)) {
    const rule = standardKeys[key];
    if (attribute === null && rule?.nullable === true) {
      profile[key] = null;
      continue;
    }
    if (typeof attribute !== 'string') {
      causes.push(`${where}.${key}: Profile attributes can only be of the string type`);
      continue;
    }
    if (rule !== undefined) {
      if (attribute.length > rule.max || attribute.length < (rule.min ?? 0)) {
        causes.push(
          `${where}.${key}: The length must be between ${rule.min ?? 0} and ${rule.max} characters (got ${attribute.length})`,
        );
        continue;
      }
      if (rule.email === true && !emailPattern.test(attribute)) {
        causes.push(`${where}.${key}: Does not match required pattern (an email address)`);
        continue;
      }
    }
    profile[key] = attribute;
  }
  return causes.length === before ? profile : undefined;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
