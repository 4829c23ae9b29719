import okta from '@okta/okta-sdk-nodejs';
import { OktaConfigError } from './errors.js';
import type { OktaAuth } from './options.js';

export type SdkClient = InstanceType<typeof okta.Client>;

type SdkConfig = NonNullable<ConstructorParameters<typeof okta.Client>[0]>;

export const userAgent = 'okta-access-gitops';

/**
 * Builds the SDK client from our options only. The SDK's ConfigLoader merges, in order, its defaults,
 * `~/.okta/okta.yaml`, `./okta.yaml`, the `OKTA_CLIENT_*` environment variables, then the constructor's object. So the
 * object sets every key the loader knows (authorizationMode, orgUrl, token, clientId, scopes, privateKey, keyId, and
 * userAgent) — an empty string where a key does not apply — and nothing from those files or variables can reach the
 * client. The files are still read by the SDK: a malformed one makes the constructor throw, and that error is replaced
 * by ours, since a YAML parser's message may quote the file (and a token in it).
 */
export function createSdkClient(settings: {
  readonly orgUrl: string;
  readonly auth: OktaAuth;
  readonly requestExecutor: NonNullable<SdkConfig['requestExecutor']>;
}): SdkClient {
  const { auth } = settings;
  const credentials =
    'token' in auth
      ? {
          authorizationMode: 'SSWS',
          token: auth.token,
          clientId: '',
          scopes: [],
          privateKey: '',
          keyId: '',
        }
      : {
          authorizationMode: 'PrivateKey',
          token: '',
          clientId: auth.clientId,
          scopes: [...auth.scopes],
          privateKey: auth.privateKey,
          keyId: auth.keyId ?? '',
        };
  const config: SdkConfig & { userAgent: string } = {
    orgUrl: settings.orgUrl,
    ...credentials,
    userAgent,
    requestExecutor: settings.requestExecutor,
    // The default cache serves later GETs of a resource from memory, stale after raw writes: never wanted here.
    cacheMiddleware: null,
  };
  try {
    return new okta.Client(config);
  } catch {
    throw new OktaConfigError(
      'the Okta SDK could not start',
      'the SDK reads ~/.okta/okta.yaml and ./okta.yaml even though okta-access does not use them: check that neither is malformed',
    );
  }
}
