/** What `GET {org}/.well-known/okta-organization` says about an org URL. */
export type OrgProbe =
  | { readonly kind: 'okta'; readonly orgId: string; readonly pipeline: string | null }
  | { readonly kind: 'not-okta'; readonly status: number }
  | { readonly kind: 'unreachable'; readonly reason: string };

/**
 * Whether an org URL reaches an Okta org. `/.well-known/okta-organization` (getWellknownOrgMetadata) is public in
 * every Okta org — no credential is sent, so the answer says nothing about the token — and answers the org's id
 * (`00o…`) and pipeline; any other server answers something else. Plain fetch, not the SDK: the SDK would first ask
 * the token endpoint for a service app, mixing a credential problem into a URL problem.
 */
export async function probeOrgUrl(orgUrl: string, timeoutMs = 10_000): Promise<OrgProbe> {
  let response: Response;
  try {
    response = await fetch(`${orgUrl}/.well-known/okta-organization`, {
      headers: { Accept: 'application/json' },
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    return { kind: 'unreachable', reason: networkReason(error) };
  }
  const text = await response.text().catch(() => '');
  if (response.status !== 200) return { kind: 'not-okta', status: response.status };
  try {
    const body = JSON.parse(text) as { id?: unknown; pipeline?: unknown };
    if (typeof body.id === 'string' && body.id !== '') {
      return {
        kind: 'okta',
        orgId: body.id,
        pipeline: typeof body.pipeline === 'string' ? body.pipeline : null,
      };
    }
  } catch {
    // Not JSON: not an Okta org.
  }
  return { kind: 'not-okta', status: response.status };
}

function networkReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer within the timeout';
  const cause = (error as Error & { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return typeof cause?.message === 'string' ? cause.message : error.message;
}
