import { chmodSync, mkdirSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { ensureTokenFile, tokenFilePath } from './token-file.js';

const freshDir = (): string => mkdtempSync(join(tmpdir(), 'devup-token-'));

test('a missing token file is created with mode 0600 and 64 hex characters; the next start reads the same token', () => {
  const filePath = tokenFilePath(freshDir());
  const first = ensureTokenFile(filePath);
  expect(first.created).toBe(true);
  expect(first.token).toMatch(/^[0-9a-f]{64}$/);
  expect(statSync(filePath).mode & 0o777).toBe(0o600);
  expect(ensureTokenFile(filePath)).toEqual({ token: first.token, created: false });
});

test('a token file readable by others is tightened to 0600 and says what it was', () => {
  const filePath = tokenFilePath(freshDir());
  writeFileSync(filePath, `${'t'.repeat(32)}\n`);
  chmodSync(filePath, 0o644);
  expect(ensureTokenFile(filePath)).toEqual({ token: 't'.repeat(32), created: false, fixedMode: 0o644 });
  expect(statSync(filePath).mode & 0o777).toBe(0o600);
});

test.each([
  ['a directory', (filePath: string) => mkdirSync(filePath), 'is not a regular file'],
  ['an empty file', (filePath: string) => writeFileSync(filePath, '', { mode: 0o600 }), 'does not hold a token'],
  ['a short token', (filePath: string) => writeFileSync(filePath, 'abc\n', { mode: 0o600 }), 'does not hold a token'],
])('%s in place of the token file is refused with a message', (_name, make, message) => {
  const filePath = tokenFilePath(freshDir());
  make(filePath);
  expect(() => ensureTokenFile(filePath)).toThrow(message);
});
