import { createRedactor } from './errors.js';
import { governanceOperations } from './governance.js';
import { identitySourceOperations } from './identity-sources.js';
import { type OktaPortOptions, resolveOptions, secretsOf } from './options.js';
import { ownerAndRiskRuleOperations } from './owners-and-risk-rules.js';
import type { OktaPort } from './port.js';
import { createPortContext } from './port-context.js';
import { probeOperations } from './probes.js';
import { createRateLimiter } from './rate-limiter.js';
import { readOperations } from './reads.js';
import { LimitedRequestExecutor } from './request-executor.js';
import { createSdkClient } from './sdk-client.js';
import { createTokenGate, requestToken } from './token-gate.js';
import { writeOperations } from './writes.js';

export type { OktaAuth, OktaPortOptions, OktaPrivateKeyAuth, OktaTokenAuth } from './options.js';
export type { WaitEvent, WaitReason } from './rate-limiter.js';

/**
 * The Okta port on @okta/okta-sdk-nodejs: one SDK client (no cache, our executor, our options only), one rate limiter
 * that owns every retry, and the port's operations on top. Throws OktaConfigError for unusable options; the
 * credentials live in closures, never on the returned object or in any error.
 */
export function createOktaPort(options: OktaPortOptions): OktaPort {
  const resolved = resolveOptions(options);
  const limiter = createRateLimiter({
    maxCapacity: resolved.maxCapacity,
    concurrency: resolved.concurrency,
    maxResetWaitMs: resolved.retryTiming.maxResetWaitMs,
    ...(options.onWait === undefined ? {} : { onWait: options.onWait }),
  });
  const requestExecutor = new LimitedRequestExecutor(limiter, {
    maxAttempts: resolved.maxAttempts,
    timing: resolved.retryTiming,
    requestTimeoutMs: resolved.requestTimeoutMs,
  });
  const auth = resolved.auth;
  const client = createSdkClient({ orgUrl: resolved.orgUrl, auth, requestExecutor });
  const command = options.command;
  const context = createPortContext(client, {
    redact: createRedactor(secretsOf(auth)),
    ...('token' in auth
      ? { refusal: { auth: 'ssws' as const, ...(command === undefined ? {} : { command }) } }
      : {
          refusal: {
            auth: 'privateKey' as const,
            requested: auth.scopes,
            ...(command === undefined ? {} : { command }),
          },
          ready: createTokenGate(client, {
            auth,
            ...(command === undefined ? {} : { command }),
            tokenFor: (scopes) =>
              requestToken(
                createSdkClient({ orgUrl: resolved.orgUrl, auth: { ...auth, scopes }, requestExecutor }),
              ),
          }),
        }),
  });
  return {
    orgUrl: resolved.orgUrl,
    ...readOperations(context),
    ...writeOperations(context),
    ...governanceOperations(context, resolved.orgUrl),
    ...ownerAndRiskRuleOperations(context, resolved.orgUrl),
    ...probeOperations(context, resolved.orgUrl, resolved.auth),
    ...identitySourceOperations(context, resolved.orgUrl),
    stats: () => limiter.stats(),
  };
}
