import { validationFailed } from '../errors.js';
import type { IdFactory } from '../ids.js';
import type { AppRecord } from '../store.js';

/**
 * The sign-on modes of Okta's Application discriminator, each with the app names Okta accepts for it and the settings
 * it requires. A mode without fixed names is a custom app (custom SAML, custom SWA): Okta makes its name from the org
 * and the label (`{org}_{label, lowercase letters and digits}_{n}`) unless one of its catalog names is given.
 */
interface SignOnMode {
  /** The names Okta accepts; undefined: any catalog name, or none for a custom app. */
  readonly names?: readonly string[];
  /** The settings paths that must hold a non-empty string (`app.url`) or an object (`signOn`). */
  readonly required: readonly string[];
}

const signOnModeTable: Readonly<Record<string, SignOnMode>> = {
  BOOKMARK: { names: ['bookmark'], required: ['app.url'] },
  BASIC_AUTH: { names: ['template_basic_auth'], required: ['app.url', 'app.authURL'] },
  BROWSER_PLUGIN: { names: ['template_swa', 'template_swa3field'], required: ['app.url'] },
  SECURE_PASSWORD_STORE: {
    names: ['template_sps'],
    required: ['app.url', 'app.usernameField', 'app.passwordField'],
  },
  AUTO_LOGIN: { required: ['signOn.loginUrl'] },
  SAML_2_0: { required: [] },
  SAML_1_1: { required: [] },
  WS_FEDERATION: { names: ['template_wsfed'], required: ['app'] },
  OPENID_CONNECT: { names: ['oidc_client'], required: ['oauthClient.grant_types'] },
};

/** The name part of the org's subdomain, from which Okta names custom apps. */
export const emulatorOrgName = 'emulator';

/** A Map, not the object: a body's `signOnMode` of `__proto__` or `constructor` must find nothing. */
const signOnModes: ReadonlyMap<string, SignOnMode> = new Map(Object.entries(signOnModeTable));

export const supportedSignOnModes: readonly string[] = [...signOnModes.keys()];

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function read(record: Json, path: string): unknown {
  let value: unknown = record;
  for (const key of path.split('.')) value = isObject(value) ? value[key] : undefined;
  return value;
}

/** What a create or replace body sets on an app; system properties (id, status, created, …) are ignored as Okta does. */
export type AppFields = Pick<AppRecord, 'name' | 'label' | 'signOnMode' | 'settings'> &
  Pick<AppRecord, 'credentials' | 'visibility' | 'accessibility' | 'features'>;

/**
 * Validates an Application body for its sign-on mode and returns what the app keeps. `existing` is the app a
 * replace (PUT) writes over: its name and sign-on mode stay, and OIDC client credentials are kept.
 */
export function appFieldsFrom(
  body: unknown,
  context: { ids: IdFactory; orgName: string; existing?: AppRecord; takenNames: ReadonlySet<string> },
): AppFields {
  if (!isObject(body)) throw validationFailed('application', ['The request body must be an Application']);
  const { existing } = context;
  const label = body.label;
  if (typeof label !== 'string' || label.trim() === '')
    throw validationFailed('label', ['label: The field cannot be left blank']);
  if (label.length > 100) throw validationFailed('label', ['label: The field is too long']);
  const signOnMode = existing?.signOnMode ?? body.signOnMode;
  const mode = typeof signOnMode === 'string' ? signOnModes.get(signOnMode) : undefined;
  if (typeof signOnMode !== 'string' || mode === undefined) {
    throw validationFailed('signOnMode', [`signOnMode: must be one of ${supportedSignOnModes.join(', ')}`]);
  }
  if (existing !== undefined && body.signOnMode !== undefined && body.signOnMode !== existing.signOnMode)
    throw validationFailed('signOnMode', ["signOnMode: An app's sign-on mode cannot be changed"]);
  const name = existing?.name ?? appName(body.name, mode, label, context);
  const settings = isObject(body.settings) ? body.settings : {};
  for (const path of mode.required) {
    const value = read(settings, path);
    const present = path.includes('.')
      ? Array.isArray(value)
        ? value.length > 0
        : typeof value === 'string' && value !== ''
      : isObject(value);
    if (!present) throw validationFailed(`settings.${path}`, [`${path}: The field cannot be left blank`]);
  }
  const url = read(settings, 'app.url');
  if (typeof url === 'string' && !/^https?:\/\//.test(url))
    throw validationFailed('settings.app.url', ['url: The field must be a valid URL']);
  const credentials = credentialsFor(signOnMode, body.credentials, context);
  return {
    name,
    label,
    signOnMode,
    settings: settingsFor(signOnMode, settings),
    ...(credentials === undefined ? {} : { credentials }),
    ...(isObject(body.visibility) ? { visibility: body.visibility } : {}),
    ...(isObject(body.accessibility) ? { accessibility: body.accessibility } : {}),
    ...(Array.isArray(body.features) ? { features: body.features } : {}),
  };
}

function appName(
  given: unknown,
  mode: SignOnMode,
  label: string,
  context: { orgName: string; takenNames: ReadonlySet<string> },
): string {
  if (mode.names !== undefined) {
    if (typeof given !== 'string' || !mode.names.includes(given)) {
      throw validationFailed('name', [`name: must be ${mode.names.map((name) => `"${name}"`).join(' or ')}`]);
    }
    return given;
  }
  if (typeof given === 'string' && given !== '') return given;
  const slug = label.toLowerCase().replace(/[^a-z0-9]/g, '') || 'app';
  let n = 1;
  while (context.takenNames.has(`${context.orgName}_${slug}_${n}`)) n++;
  return `${context.orgName}_${slug}_${n}`;
}

/** Settings as Okta keeps them: SAML sign-on booleans default to false and an empty relay state reads as null. */
function settingsFor(signOnMode: string, settings: Json): AppFields['settings'] {
  const app = isObject(settings.app) ? settings.app : {};
  const kept: AppFields['settings'] = { ...settings, app };
  if (signOnMode === 'SAML_2_0' && isObject(settings.signOn)) {
    const signOn: Json = {
      allowMultipleAcsEndpoints: false,
      assertionSigned: false,
      honorForceAuthn: false,
      requestCompressed: false,
      responseSigned: false,
      ...settings.signOn,
    };
    if (signOn.defaultRelayState === '') signOn.defaultRelayState = null;
    kept.signOn = signOn;
  }
  if (signOnMode === 'BOOKMARK') kept.app = { requestIntegration: false, ...app };
  return kept;
}

/** OIDC apps get a client id (the app's id in Okta: set by the caller) and, for secret-based methods, a secret. */
function credentialsFor(
  signOnMode: string,
  credentials: unknown,
  context: { ids: IdFactory; existing?: AppRecord },
): Json | undefined {
  const given = isObject(credentials) ? credentials : {};
  const { userNameTemplate: _template, ...rest } = given;
  if (signOnMode !== 'OPENID_CONNECT') return Object.keys(rest).length === 0 ? undefined : rest;
  const previous = isObject(context.existing?.credentials?.oauthClient)
    ? context.existing.credentials.oauthClient
    : {};
  const client: Json = {
    token_endpoint_auth_method: 'client_secret_basic',
    ...previous,
    ...(isObject(rest.oauthClient) ? rest.oauthClient : {}),
  };
  const method = String(client.token_endpoint_auth_method);
  if (method.startsWith('client_secret_') && typeof client.client_secret !== 'string') {
    client.client_secret = `${context.ids.next('sec')}${context.ids.next('sec')}`;
  }
  if (!method.startsWith('client_secret_')) delete client.client_secret;
  return { ...rest, oauthClient: client };
}
