/**
 * Names a request by its templated endpoint, `METHOD /api/v1/groups/{id}/users`: the key for request counts and for
 * rate-limit state (Okta's buckets are per endpoint family, and Okta does not name them in responses).
 */
export function templateEndpoint(method: string, url: string): string {
  return `${method.toUpperCase()} ${templatePath(pathOf(url))}`;
}

export function pathOf(url: string): string {
  let path: string;
  try {
    path = new URL(url).pathname;
  } catch {
    path = url.split('?')[0] ?? url;
  }
  // The SDK turns a trailing slash on the org URL into `//api/v1/...`; count it as the same endpoint.
  return path.replace(/\/{2,}/g, '/');
}

export function templatePath(path: string): string {
  return path
    .split('/')
    .map((segment) => (isIdentifier(segment) ? '{id}' : segment))
    .join('/');
}

/**
 * Okta ids are 20 characters with a type prefix (`00u` user, `00g` group, `0oa` app, `ici` campaign, …); logins and
 * emails (accepted by `GET /api/v1/users/{idOrLogin}`) contain `@`; governance paths may carry ORNs.
 */
const idPrefixes = /^(00u|00g|0oa|00o|ici|icr|aps|0ia|esp|ent|enb|0gg|rco|oat|0pr|00p|aus|0ua|0jp|00s)/;

function isIdentifier(segment: string): boolean {
  if (segment === '') return false;
  let decoded = segment;
  try {
    decoded = decodeURIComponent(segment);
  } catch {
    // Not valid percent-encoding: judge the raw text.
  }
  if (decoded.includes('@') || decoded.startsWith('orn:')) return true;
  return /^[A-Za-z0-9]{20}$/.test(decoded) && (idPrefixes.test(decoded) || /\d/.test(decoded));
}
