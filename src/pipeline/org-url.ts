import type { Config } from '../model/config.js';
import { UserError } from '../model/errors.js';
import { formatSource } from '../model/source.js';
import { checkOrgUrl } from '../okta/org-url.js';

/**
 * The org every request goes to. The environment (OKTA_ORG_URL: in the Action, the workflow's `okta-org-url` input) is
 * the trusted side; `org.url` of okta-access.yaml belongs to whoever last changed the file, a pull request's author
 * included. So when both are given they must name the same org (compared normalised), or nothing is sent anywhere:
 * `ORG_URL_MISMATCH`. Only https, except a loopback host: `ORG_URL_INSECURE`. Errors name origins only.
 */
export function resolveOrgUrl(config: Config, env: Readonly<Record<string, string | undefined>>): string {
  const given = env.OKTA_ORG_URL?.trim() ?? '';
  const fromEnv = given === '' ? undefined : checked(given, 'OKTA_ORG_URL');
  const where =
    config.orgUrlSource === undefined
      ? 'org.url in okta-access.yaml'
      : `org.url at ${formatSource(config.orgUrlSource)}`;
  const fromConfig = config.orgUrl === undefined ? undefined : checked(config.orgUrl, where);
  if (fromEnv === undefined && fromConfig === undefined) {
    throw new UserError('ORG_MISSING', 'no Okta org to talk to', {
      hint: 'set OKTA_ORG_URL (in GitHub Actions, the okta-org-url input); to try without an org, run `okta-access emulator`',
    });
  }
  if (fromEnv !== undefined && fromConfig !== undefined && fromEnv.url !== fromConfig.url) {
    throw new UserError(
      'ORG_URL_MISMATCH',
      `${where} names ${fromConfig.url}, but OKTA_ORG_URL names ${fromEnv.url}: nothing was sent to either`,
      {
        hint:
          'the org is the workflow’s (OKTA_ORG_URL, the okta-org-url input), never the repository’s: remove org.url ' +
          'from okta-access.yaml, or make it name the same org',
      },
    );
  }
  const chosen = fromEnv ?? fromConfig;
  if (chosen === undefined) throw new Error('unreachable: an org URL was given');
  if (chosen.insecure) {
    throw new UserError('ORG_URL_INSECURE', `the Okta org URL (${chosen.source}) ${chosen.reason}`, {
      hint: 'use https://; plain http is only for the local emulator on a loopback address (127.0.0.1, ::1, localhost)',
    });
  }
  return chosen.url;
}

function checked(
  raw: string,
  source: string,
): { url: string; source: string; insecure: boolean; reason: string } {
  const check = checkOrgUrl(raw);
  if (check.ok) return { url: check.url, source, insecure: false, reason: '' };
  if (check.problem === 'insecure') return { url: check.url, source, insecure: true, reason: check.reason };
  throw new UserError('ORG_URL_INVALID', `the Okta org URL (${source}) is not usable: ${check.reason}`, {
    hint: 'give the org URL as Okta shows it, https://example.okta.com, with no path',
  });
}
