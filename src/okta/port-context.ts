import type { Collection } from '@okta/okta-sdk-nodejs';
import { type Redact, toOktaRequestError } from './errors.js';
import type { SdkClient } from './sdk-client.js';

/** What the port's operations share: the SDK client, and one way to call it. */
export interface PortContext {
  readonly client: SdkClient;
  /** Runs SDK calls, mapping what they throw to an OktaRequestError named for `endpoint`. */
  call<T>(endpoint: string, run: () => Promise<T>): Promise<T>;
}

export function createPortContext(client: SdkClient, redact: Redact): PortContext {
  return {
    client,
    async call(endpoint, run) {
      try {
        return await run();
      } catch (error) {
        throw toOktaRequestError(error, endpoint, redact);
      }
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
