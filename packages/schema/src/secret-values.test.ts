import { expect, test } from 'vitest';
import { isSecretName, maskUrlCredentials, maskVariable, redactSecrets } from './secret-values.js';

test.each([
  ['POSTGRES_PASSWORD', true],
  ['MYSQL_ROOT_PASSWORD', true],
  ['PGPASSWORD', true],
  ['GITHUB_TOKEN', true],
  ['API_KEY', true],
  ['APIKEY', true],
  ['AWS_SECRET_ACCESS_KEY', true],
  ['DJANGO_SECRET_KEY', true],
  ['SECRET_KEY_BASE', true],
  ['CLIENT_SECRET', true],
  ['SECRET', true],
  ['TOKEN_FOR_CI', true],
  ['GOOGLE_APPLICATION_CREDENTIALS', true],
  ['SSH_PASSPHRASE', true],
  ['POSTGRES_PASSWORD_FILE', false],
  ['SECRET_KEY_PATH', false],
  ['TOKEN_URL_FILE', false],
  ['DEBUG', false],
  ['MONKEY', false],
  ['KEYBOARD_LAYOUT', false],
  ['POSTGRES_USER', false],
  ['DATABASE_URL', false],
])('%s is secret: %s', (name, expected) => {
  expect(isSecretName(name)).toBe(expected);
});

test.each([
  ['postgres://app:s3cret@db:5432/app', 'postgres://app:********@db:5432/app'],
  ['redis://:hunter2@cache:6379/0', 'redis://:********@cache:6379/0'],
  ['amqp://guest:guest@broker//', 'amqp://guest:********@broker//'],
  ['http://user@example.com/x', 'http://user@example.com/x'],
  ['http://example.com:8080/a@b', 'http://example.com:8080/a@b'],
  ['a=b:c@d', 'a=b:c@d'],
])('URL credentials in %s are masked', (value, expected) => {
  expect(maskUrlCredentials(value)).toBe(expected);
});

test.each<[string, string | null, string | null]>([
  ['DB_PASSWORD', 'pw', '********'],
  ['DB_PASSWORD', '', ''],
  ['DB_PASSWORD', null, null],
  ['DATABASE_URL', 'postgres://u:pw@db/x', 'postgres://u:********@db/x'],
  ['DEBUG', '1', '1'],
])('maskVariable(%s, %s) is %s', (name, value, expected) => {
  expect(maskVariable(name, value)).toBe(expected);
});

test('redactSecrets masks secret-named members and URL passwords at any depth, and leaves the rest', () => {
  expect(
    redactSecrets({
      context: '.',
      args: { NPM_TOKEN: 'abc', NODE_ENV: 'dev' },
      urls: ['redis://:pw@cache'],
      n: 3,
      empty: { API_KEY: '' },
    }),
  ).toEqual({
    context: '.',
    args: { NPM_TOKEN: '********', NODE_ENV: 'dev' },
    urls: ['redis://:********@cache'],
    n: 3,
    empty: { API_KEY: '' },
  });
});
