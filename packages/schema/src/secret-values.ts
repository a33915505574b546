// Which values `dev config` hides unless asked: variables and build args whose names say
// they hold a secret (*_PASSWORD, *_TOKEN, *_KEY, *_SECRET, PGPASSWORD ...) and the
// password part of a URL (postgres://user:pass@db). Compose `secrets` are files or
// variable names, so their definitions print as they are.

const secretSuffix = /(PASSWORD|PASSWD|PASSPHRASE|TOKEN|SECRET|CREDENTIALS?|(^|_)KEY|APIKEY|_KEY_BASE)$/i;
const secretWord = /(^|_)(SECRET|PASSWORD|TOKEN)(_|$)/i;
/** Names of files and paths, not the secret itself. */
const pointerSuffix = /_(FILE|PATH|DIR|NAME|ID|URL_FILE)$/i;

export const secretMask = '********';

export const isSecretName = (name: string): boolean =>
  !pointerSuffix.test(name) && (secretSuffix.test(name) || secretWord.test(name));

/** "scheme://user:password@host" -> "scheme://user:********@host"; other text unchanged. */
export const maskUrlCredentials = (value: string): string =>
  value.replace(
    /([a-z][a-z0-9+.-]*:\/\/[^/\s:@]*:)([^@\s/]+)@/gi,
    (_match, prefix: string) => `${prefix}${secretMask}@`,
  );

/** The value to print for a variable: masked when its name says secret, URL passwords always. */
export const maskVariable = (name: string, value: string | null): string | null => {
  if (value === null || value === '') return value;
  if (isSecretName(name)) return secretMask;
  return maskUrlCredentials(value);
};

/** A copy with secret-named members masked and URL passwords hidden, at any depth. */
export const redactSecrets = (value: unknown): unknown => {
  if (typeof value === 'string') return maskUrlCredentials(value);
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, entry]) => [
        key,
        typeof entry === 'string' && entry !== '' && isSecretName(key) ? secretMask : redactSecrets(entry),
      ]),
    );
  }
  return value;
};
