import { chmodSync, chownSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, test } from 'vitest';
import { secureUnixSocket } from './socket-mode.js';

let server: Server | undefined;
afterEach(async () => {
  await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
  server = undefined;
});

const listenIn = async (dirMode: number): Promise<string> => {
  const dir = mkdtempSync(join(tmpdir(), 'devup-sock-'));
  chmodSync(dir, dirMode);
  const socketPath = join(dir, 'devd.sock');
  server = createServer();
  await new Promise<void>((resolve) => server?.listen(socketPath, resolve));
  return socketPath;
};

test('a socket bound with the default mode is set to 0600 in a 0700 directory', async () => {
  const socketPath = await listenIn(0o700);
  chmodSync(socketPath, 0o777);
  expect(secureUnixSocket(socketPath)).toEqual({ previousMode: 0o777 });
  expect(statSync(socketPath).mode & 0o777).toBe(0o600);
});

test.each([0o755, 0o711, 0o770])('a run directory with mode %o refuses to serve, naming the fix', async (mode) => {
  const socketPath = await listenIn(mode);
  expect(() => secureUnixSocket(socketPath)).toThrow(/must be 0700 \(chmod 700 /);
});

test('a regular file in place of the socket is refused', async () => {
  const socketPath = await listenIn(0o700);
  const filePath = join(socketPath, '..', 'not-a-socket');
  writeFileSync(filePath, '');
  expect(() => secureUnixSocket(filePath)).toThrow('is not a socket');
});

test.runIf(process.getuid?.() === 0)('a socket or run directory owned by another user is refused', async () => {
  const socketPath = await listenIn(0o700);
  chownSync(socketPath, 4321, 4321);
  expect(() => secureUnixSocket(socketPath)).toThrow('belongs to uid 4321');
  chownSync(join(socketPath, '..'), 4321, 4321);
  expect(() => secureUnixSocket(socketPath)).toThrow('the run directory');
});
