/**
 * Environment variables a repository may never read through `${VAR}`: the credentials okta-access is given, the
 * runner's own variables, and anything named like a secret. A pull request can write `${…}` into okta-access.yaml;
 * the workflow that runs it holds the secrets in its environment. Pure: no I/O.
 */

/** The credentials okta-access reads itself, and the ones the Okta SDK and GitHub runners use. */
const credentialNames = new Set([
  'OKTA_API_TOKEN',
  'OKTA_PRIVATE_KEY',
  'OKTA_KEY_ID',
  'OKTA_SCOPES',
  'GITHUB_TOKEN',
  'GH_TOKEN',
]);

/**
 * OKTA_CLIENT_* (the SDK's own variables: id, secret, token, private key) and the runner's variables:
 * ACTIONS_* (runtime and OIDC request tokens), INPUT_* (every input of the Action, its credentials included),
 * RUNNER_*.
 */
const credentialPrefixes = ['OKTA_CLIENT_', 'ACTIONS_', 'INPUT_', 'RUNNER_'];

/** Names that say they hold a secret, whatever their prefix. */
const secretWords = /TOKEN|SECRET|PASSWORD|PASSWD|PASSPHRASE|PRIVATE|CREDENTIAL|(?:^|[_-])KEY(?:$|[_-])/;

/** Whether `${name}` is refused wherever it is written (`ENV_VAR_NOT_ALLOWED`). Case does not matter. */
export function isCredentialVariable(name: string): boolean {
  const upper = name.toUpperCase();
  return (
    credentialNames.has(upper) ||
    credentialPrefixes.some((prefix) => upper.startsWith(prefix)) ||
    secretWords.test(upper)
  );
}

/** Secrets shorter than this are not looked for in a value: they would match ordinary text. */
const minimumSecretLength = 8;

/**
 * Whether an expanded value carries the value of a secret variable of `env` (a variable that copies a token under
 * an innocent name), whole or, for a multi-line value such as a PEM key, one of its longer lines.
 */
export function holdsCredential(value: string, env: Readonly<Record<string, string | undefined>>): boolean {
  for (const [name, secret] of Object.entries(env)) {
    if (secret === undefined || secret.trim().length < minimumSecretLength) continue;
    if (!secretWords.test(name.toUpperCase())) continue;
    if (value.includes(secret.trim())) return true;
    for (const line of secret.split(/\r?\n/)) {
      if (line.trim().length >= 16 && !line.startsWith('-----') && value.includes(line.trim())) return true;
    }
  }
  return false;
}
