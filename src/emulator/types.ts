import type { Clock } from './clock.js';
import type { IdFactory } from './ids.js';
import type { Store } from './store.js';

/** A request as the emulator's handlers see it. */
export interface EmulatorRequest {
  readonly method: string;
  /** The path with repeated slashes collapsed (the SDK sends `//api/v1/...` when the org URL ends with `/`). */
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Parsed JSON body; undefined for an empty body. */
  readonly body: unknown;
  /** The raw body text (the admin surface also accepts YAML). */
  readonly rawBody: string;
  /** `http://127.0.0.1:PORT` as the client addressed it: every link the emulator writes starts with it. */
  readonly baseUrl: string;
}

export interface EmulatorResponse {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string | readonly string[]>>;
}

export interface EmulatorContext {
  readonly store: Store;
  readonly clock: Clock;
  readonly ids: IdFactory;
  /** Delay, in ms, before a write is visible to `search` (Okta's eventually consistent search); 0 = at once. */
  readonly searchLagMs: number;
  /** Emulator time an identity-source import takes once triggered; undefined = identitySourceTiming.importMs. */
  readonly identitySourceImportMs?: number;
}

export type Handler = (
  request: EmulatorRequest,
  params: Readonly<Record<string, string>>,
  context: EmulatorContext,
) => EmulatorResponse | Promise<EmulatorResponse>;

/** OAuth scopes an operation needs when called with a Bearer token (SSWS tokens may do everything). */
export type Scope = string;

export interface Route {
  readonly method: string;
  /** A path pattern such as `/api/v1/groups/:groupId/users/:userId`. */
  readonly pattern: string;
  readonly handler: Handler;
  /** The scope a Bearer token needs; undefined for routes that need none (the token endpoint, the admin surface). */
  readonly scope?: Scope;
  /** Routes of the admin surface and the token endpoint are neither authenticated nor rate limited. */
  readonly open?: boolean;
}
