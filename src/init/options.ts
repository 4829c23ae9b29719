import { UserError } from '../model/errors.js';
import { checkOrgUrl } from '../okta/org-url.js';

/** The app `init` names when `--app` is not given. */
export const defaultInitApp = 'Payroll';

/** Longest app label the app schema accepts. */
const maxAppLabel = 100;

/**
 * `--app`: the label of the first app, written into the app file, every CSV row, the campaign and (as a stem) two file
 * names. Stricter than the app schema on purpose: letters and digits of any script, spaces inside, and `_ . - ( )`,
 * starting with a letter or digit — so no line break, Markdown or HTML, `${…}` or path separator can reach a file the
 * pull request flow later renders, and what init writes always validates.
 */
export function checkInitApp(raw: string): string {
  const problem = appProblem(raw);
  if (problem !== undefined) {
    throw new UserError('INIT_APP_INVALID', `--app ${JSON.stringify(raw)} ${problem}`, {
      hint:
        `name the app with letters, digits, spaces and _ . - ( ), starting with a letter or digit, at most ${maxAppLabel} ` +
        'characters (e.g. --app "Payroll" or --app External_App); rename it in the files later if it needs other characters',
    });
  }
  return raw;
}

function appProblem(raw: string): string | undefined {
  if (raw.length === 0) return 'is empty';
  if (raw.length > maxAppLabel) return `is longer than ${maxAppLabel} characters`;
  if (!/^[\p{L}\p{N}](?:[\p{L}\p{N} _.()-]*[\p{L}\p{N}_.)])?$/u.test(raw)) {
    return 'holds a character an app label written by init may not have';
  }
  if (/ {2}/.test(raw)) return 'holds two spaces in a row';
  return undefined;
}

/**
 * `--org-url`: written as `org.url`, so checked as every org URL is (https, or http on a loopback host; scheme and
 * host only) and written in its normalised form. Control characters and spaces are refused outright, although the
 * URL parser would drop some of them, so that what is written is what was typed.
 */
export function checkInitOrgUrl(raw: string): string {
  if (/[\s\p{Cc}\p{Cf}]/u.test(raw)) throw orgUrlError('holds a space or control character');
  if (raw.includes('${'))
    // biome-ignore lint/suspicious/noTemplateCurlyInString: the config's ${VAR} syntax, named in the message.
    throw orgUrlError('holds a ${…} variable; init writes a literal URL');
  const checked = checkOrgUrl(raw);
  if (!checked.ok) throw orgUrlError(checked.reason);
  return checked.url;
}

function orgUrlError(reason: string): UserError {
  // The value itself is not repeated: it may carry a password (https://user:password@…).
  return new UserError('INIT_ORG_URL_INVALID', `--org-url is not an org URL init can write: ${reason}`, {
    hint: 'give the org as https://<your-org>.okta.com (plain http only on 127.0.0.1 or localhost, for the emulator), or leave --org-url out and set OKTA_ORG_URL',
  });
}
