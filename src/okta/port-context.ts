import type { Collection } from '@okta/okta-sdk-nodejs';
import { OktaRequestError, type Redact, type ScopeNote, toOktaRequestError } from './errors.js';
import { scopeOfEndpoint } from './scopes.js';
import type { SdkClient } from './sdk-client.js';

/** What the port's operations share: the SDK client, and one way to call it. */
export interface PortContext {
  readonly client: SdkClient;
  /** Runs SDK calls, mapping what they throw to an OktaRequestError named for `endpoint`. */
  call<T>(endpoint: string, run: () => Promise<T>): Promise<T>;
  /** As `call`, without waiting for the service app's token first (for the token request itself). */
  callUngated<T>(endpoint: string, run: () => Promise<T>): Promise<T>;
}

export interface PortContextSettings {
  readonly redact: Redact;
  /** Resolves once the credentials may be used (a service app's token was granted); throws why not. */
  readonly ready?: () => Promise<void>;
  /** How a 403 is explained: who is asking, for which command, with which scopes. */
  readonly refusal?: Omit<ScopeNote, 'scope'>;
}

export function createPortContext(client: SdkClient, settings: PortContextSettings): PortContext {
  const { redact, ready, refusal } = settings;
  async function callUngated<T>(endpoint: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const mapped = toOktaRequestError(error, endpoint, redact);
      const scope = scopeOfEndpoint(endpoint);
      if (
        !(mapped instanceof OktaRequestError) ||
        mapped.status !== 403 ||
        scope === undefined ||
        refusal === undefined
      )
        throw mapped;
      // A 403 names what the call needs: the scope (or the admin role behind it) and the command that needs it.
      throw mapped.withScope({ ...refusal, scope });
    }
  }
  return {
    client,
    callUngated,
    async call(endpoint, run) {
      if (ready !== undefined) await ready();
      return callUngated(endpoint, run);
    },
  };
}

/** Drains a collection, every page (the SDK follows the `Link: rel="next"` header), skipping the SDK's null items. */
export async function collect<T, R>(collection: Collection<T>, map: (item: T) => R): Promise<R[]> {
  const results: R[] = [];
  for await (const item of collection) {
    if (item !== null && item !== undefined) results.push(map(item));
  }
  return results;
}
