// The real devd with the opt-in TCP listener: loopback only, the token in a 0600 file,
// refusals for a missing token, a rebound Host and a foreign Origin; a non-loopback
// address stops devd at start with a message.

import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createSandbox, repoRoot, uniqueName, type DevSandbox } from '../support/dev-sandbox.js';
import { eventually } from '../support/eventually.js';

const devd = join(repoRoot, 'packages/daemon/dist/bin/devd.js');
let sandbox: DevSandbox;
let port: number;

const freePort = (): Promise<number> =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

const runDevd = (env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [devd], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });

beforeAll(async () => {
  port = await freePort();
  sandbox = createSandbox(uniqueName('reliability', 'tcp'), { DEVUP_TCP: `127.0.0.1:${port}` });
  const start = await sandbox.dev(['daemon', 'start']);
  expect(start.code, start.stderr).toBe(0);
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') sandbox.keepArtifacts(`${context.task.name} failed`);
});

afterAll(async () => {
  await sandbox.dev(['daemon', 'stop']);
  await sandbox.cleanup();
});

const tokenFile = (): string => join(sandbox.env['XDG_RUNTIME_DIR'] as string, 'devup', 'devd.token');

test('the token file is 0600 in the 0700 run directory', () => {
  expect(statSync(tokenFile()).mode & 0o777).toBe(0o600);
  expect(statSync(join(tokenFile(), '..')).mode & 0o777).toBe(0o700);
});

test('with the token the TCP listener serves; without it, with a rebound Host or a foreign Origin it refuses', async () => {
  const token = readFileSync(tokenFile(), 'utf8').trim();
  const url = `http://127.0.0.1:${port}/v1/daemon/status`;
  const served = await eventually(async () => {
    const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    expect(response.status).toBe(200);
    return response;
  });
  expect(served.headers.get('access-control-allow-origin')).toBeNull();
  expect((await fetch(url)).status).toBe(401);
  expect(
    (await fetch(url, { headers: { authorization: `Bearer ${token}`, origin: 'http://evil.example' } })).status,
  ).toBe(403);
  // fetch will not forge Host; a raw request does (DNS rebinding).
  const { rawExchange } = await import('../../packages/daemon/test/support/raw-http.js');
  const rebound = await rawExchange(
    { port },
    `GET /v1/daemon/status HTTP/1.1\r\nHost: rebind.evil.example:${port}\r\nAuthorization: Bearer ${token}\r\nConnection: close\r\n\r\n`,
  );
  expect(rebound.status).toBe(403);
});

test('a non-loopback DEVUP_TCP stops devd at start with a message', async () => {
  const other = createSandbox(uniqueName('reliability', 'tcp-bad'), { DEVUP_TCP: '0.0.0.0:7777' });
  try {
    const result = await runDevd(other.env);
    expect(result.code).toBe(1);
    expect(result.output).toContain('not a loopback address');
  } finally {
    await other.cleanup();
  }
});
