/**
 * The Okta org URL as a credential's destination: every request, the OAuth token request included, goes to it, so it
 * is checked and normalised before anything is sent. Pure: no I/O.
 */

export type OrgUrlCheck =
  | { readonly ok: true; readonly url: string }
  | { readonly ok: false; readonly problem: 'invalid'; readonly reason: string }
  | { readonly ok: false; readonly problem: 'insecure'; readonly url: string; readonly reason: string };

/**
 * `HTTPS://Example.Okta.com:443/` → `https://example.okta.com`: scheme and host only, host in lower case, the default
 * port and trailing slashes dropped, so that two spellings of one org compare equal. Plain `http://` only for a
 * loopback host (the local emulator). A reason never repeats a user name or password given in the URL.
 */
export function checkOrgUrl(raw: string): OrgUrlCheck {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, problem: 'invalid', reason: 'it is not a URL' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return {
      ok: false,
      problem: 'invalid',
      reason: `its scheme is ${url.protocol.replace(/:$/, '')}, not https`,
    };
  }
  if (url.username !== '' || url.password !== '') {
    return { ok: false, problem: 'invalid', reason: 'it carries a user name or password' };
  }
  if (url.pathname.replace(/\/+$/, '') !== '' || url.search !== '' || url.hash !== '') {
    return { ok: false, problem: 'invalid', reason: 'it has a path, query or fragment' };
  }
  const origin = `${url.protocol}//${url.host}`;
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return {
      ok: false,
      problem: 'insecure',
      url: origin,
      reason: `${origin} is plain http and not a loopback host`,
    };
  }
  return { ok: true, url: origin };
}

/**
 * `localhost`, 127.0.0.0/8 and `::1`, as the WHATWG URL parser leaves a hostname (IPv4 in dotted decimal, whatever
 * form it was written in; IPv6 in brackets). Nothing else is loopback: not `*.localhost`, not `::ffff:127.0.0.1`.
 */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}
