// Upgrades of /v1/stream handed to another process (api/stream-upgrades.ts): an accepted
// upgrade goes to the handoff with its headers and connection; one the access policy
// refuses, and upgrades of other paths, are answered by the app as before.

import { mkdtempSync } from 'node:fs';
import { type Socket, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../src/api/build-app.js';
import { eventually } from '../../src/engine/eventually.js';
import { makeApiDeps } from '../support/api-fixture.js';
import { upgradeRequest } from '../support/ws-frames.js';

let app: FastifyInstance;
let socketPath: string;
const handed: { url: string | undefined; key: string | undefined; socket: unknown }[] = [];

beforeAll(async () => {
  socketPath = join(mkdtempSync(join(tmpdir(), 'devup-handoff-')), 'devd.sock');
  app = await buildApp(
    makeApiDeps({
      // As devd has it: the stream is served elsewhere, devd has no feeds.
      feeds: undefined,
      streamHandoff: (request, socket) => {
        handed.push({ url: request.url, key: request.headers['sec-websocket-key'] as string, socket });
        socket.end('HTTP/1.1 418 handed over\r\n\r\n');
      },
    }),
  );
  await app.listen({ path: socketPath });
});

afterAll(async () => {
  await app.close();
});

const upgrade = (path: string, headers?: Record<string, string>): Promise<string> =>
  new Promise((resolve, reject) => {
    const socket: Socket = connect({ path: socketPath });
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('close', () => resolve(answer.split('\r\n')[0] ?? ''));
    socket.on('error', reject);
    socket.write(upgradeRequest(path, headers));
    setTimeout(() => socket.end(), 1000);
  });

test('an accepted upgrade of /v1/stream goes to the handoff with its headers and connection', async () => {
  expect(await upgrade('/v1/stream')).toBe('HTTP/1.1 418 handed over');
  await eventually(() => expect(handed).toHaveLength(1));
  expect(handed[0]?.url).toBe('/v1/stream');
  expect(handed[0]?.key).toMatch(/^[A-Za-z0-9+/]+=*$/);
});

test('an upgrade from a browser is refused by the app, not handed over', async () => {
  const before = handed.length;
  expect(await upgrade('/v1/stream', { Host: 'devd', Origin: 'http://evil.example' })).toMatch(/^HTTP\/1.1 403/);
  expect(handed).toHaveLength(before);
});

test('an upgrade of another path is answered by the app', async () => {
  const before = handed.length;
  expect(await upgrade('/v1/nowhere')).toMatch(/^HTTP\/1.1 404/);
  expect(handed).toHaveLength(before);
});
