// The listeners refuse what they must, on real sockets: the TCP listener (loopback only,
// bearer token, loopback Host, no foreign Origin) and the unix socket (no browsers).
// Malformed requests and upgrades get an HTTP error and the daemon keeps serving.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { buildApp } from '../../src/api/build-app.js';
import { startTcpListener, type TcpListener } from '../../src/security/tcp-listener.js';
import { makeApiDeps } from '../support/api-fixture.js';
import { rawExchange, type RawResponse } from '../support/raw-http.js';

let listener: TcpListener;
let token: string;
let host: string;

beforeAll(async () => {
  const runDir = mkdtempSync(join(tmpdir(), 'devup-tcp-'));
  listener = await startTcpListener({
    address: '127.0.0.1:0',
    runDir,
    buildApp: (access) => {
      token = access.transport === 'tcp' ? access.token : '';
      return buildApp(makeApiDeps({ access }));
    },
  });
  host = `127.0.0.1:${listener.port}`;
});

afterAll(async () => {
  await listener.close();
});

const get = (headers: Record<string, string>, method = 'GET'): Promise<RawResponse> =>
  rawExchange(
    { port: listener.port },
    `${method} /v1/daemon/status HTTP/1.1\r\n${Object.entries(headers)
      .map(([name, value]) => `${name}: ${value}\r\n`)
      .join('')}Connection: close\r\n\r\n`,
  );

const errorCode = (response: RawResponse): string | undefined => {
  try {
    return (JSON.parse(response.body) as { error?: { code?: string } }).error?.code;
  } catch {
    return undefined;
  }
};

/** Opens a websocket and reports the HTTP status of a refused upgrade, or "open" and the first message. */
const upgrade = (
  url: string,
  headers: Record<string, string>,
): Promise<{ status: number | 'open'; firstMessage?: string }> =>
  new Promise((resolve) => {
    const ws = new WebSocket(url, { headers });
    ws.on('unexpected-response', (_request, response) => {
      resolve({ status: response.statusCode ?? 0 });
      ws.terminate();
    });
    ws.on('message', (data: Buffer) => {
      resolve({ status: 'open', firstMessage: data.toString() });
      ws.close();
    });
    ws.on('error', () => resolve({ status: 0 }));
  });

const stillServes = async (): Promise<void> => {
  const response = await get({ Host: host, Authorization: `Bearer ${token}` });
  expect(response.status).toBe(200);
};

describe('TCP listener', () => {
  test('a non-loopback bind address is refused before anything listens', async () => {
    await expect(
      startTcpListener({
        address: '0.0.0.0:0',
        runDir: mkdtempSync(join(tmpdir(), 'devup-tcp-')),
        buildApp: () => Promise.reject(new Error('must not build')),
      }),
    ).rejects.toThrow('not a loopback address');
  });

  test('with the token and a loopback Host a request is served, without Access-Control-Allow-Origin', async () => {
    const response = await get({ Host: host, Authorization: `Bearer ${token}` });
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ pid: 42 });
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  test.each<[string, Record<string, string>, number, string]>([
    ['no token', { Host: 'HOST' }, 401, 'DEV_ERR_UNAUTHORIZED'],
    ['a wrong token', { Host: 'HOST', Authorization: `Bearer ${'0'.repeat(64)}` }, 401, 'DEV_ERR_UNAUTHORIZED'],
    ['a rebound DNS name as Host', { Host: 'rebind.evil.example', Authorization: 'TOKEN' }, 403, 'DEV_ERR_FORBIDDEN'],
    [
      'a foreign Origin',
      { Host: 'HOST', Origin: 'http://evil.example', Authorization: 'TOKEN' },
      403,
      'DEV_ERR_FORBIDDEN',
    ],
    [
      'a loopback Origin of another port (a local dev server page)',
      { Host: 'HOST', Origin: 'http://localhost:5173', Authorization: 'TOKEN' },
      403,
      'DEV_ERR_FORBIDDEN',
    ],
  ])('a request with %s is refused', async (_name, headers, status, code) => {
    const filled = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [
        name,
        value === 'HOST' ? host : value === 'TOKEN' ? `Bearer ${token}` : value,
      ]),
    );
    const response = await get(filled);
    expect(response.status).toBe(status);
    expect(errorCode(response)).toBe(code);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('a CORS preflight from a foreign page is refused without Access-Control-Allow-Origin', async () => {
    const response = await get(
      { Host: host, Origin: 'http://evil.example', 'Access-Control-Request-Method': 'POST' },
      'OPTIONS',
    );
    expect(response.status).toBe(403);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
  });

  test('a websocket upgrade with the token opens the stream (hello first)', async () => {
    const result = await upgrade(`ws://${host}/v1/stream`, { Authorization: `Bearer ${token}` });
    expect(result.status).toBe('open');
    expect(JSON.parse(result.firstMessage ?? '{}')).toMatchObject({ type: 'hello', protocol: 1 });
  });

  test.each<[string, string, Record<string, string>, number]>([
    ['no Origin and no token', 'HOST', {}, 401],
    ['a foreign Origin and no token', 'HOST', { Origin: 'http://evil.example' }, 403],
    ['a foreign Origin even with the token', 'HOST', { Origin: 'https://evil.example', Authorization: 'TOKEN' }, 403],
    ['a rebound Host even with the token', 'rebind.evil.example', { Authorization: 'TOKEN' }, 403],
  ])('a websocket upgrade with %s is refused', async (_name, hostHeader, headers, status) => {
    const filled = Object.fromEntries(
      Object.entries(headers).map(([name, value]) => [name, value === 'TOKEN' ? `Bearer ${token}` : value]),
    );
    const result = await upgrade(`ws://${host}/v1/stream`, {
      ...filled,
      Host: hostHeader === 'HOST' ? host : hostHeader,
    });
    expect(result.status).toBe(status);
    await stillServes();
  });

  test('five hundred headers are answered (not a crash); headers past the size limit get 431', async () => {
    const many = Array.from({ length: 500 }, (_, index) => `X-Filler-${index}: ${index}\r\n`).join('');
    const served = await rawExchange(
      { port: listener.port },
      `GET /v1/daemon/status HTTP/1.1\r\nHost: ${host}\r\nAuthorization: Bearer ${token}\r\n${many}Connection: close\r\n\r\n`,
    );
    expect(served.status).toBe(200);
    const huge = Array.from({ length: 5000 }, (_, index) => `X-Filler-${index}: ${'v'.repeat(20)}\r\n`).join('');
    const refused = await rawExchange(
      { port: listener.port },
      `GET /v1/daemon/status HTTP/1.1\r\nHost: ${host}\r\n${huge}\r\n`,
    );
    expect(refused.status).toBe(431);
    expect(errorCode(refused)).toBe('DEV_ERR_TOO_LARGE');
    await stillServes();
  });

  test.each<[string, (hostHeader: string, tokenValue: string) => string, number | null]>([
    [
      'an upgrade without Sec-WebSocket-Key',
      (h, t) =>
        `GET /v1/stream HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Bearer ${t}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      400,
    ],
    [
      'an upgrade with a bad version',
      (h, t) =>
        `GET /v1/stream HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Bearer ${t}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 99\r\n\r\n`,
      400,
    ],
    [
      'an upgrade to an unknown protocol',
      (h, t) =>
        `GET /v1/stream HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Bearer ${t}\r\nUpgrade: h2c\r\nConnection: Upgrade\r\n\r\n`,
      400,
    ],
    [
      'an upgrade on a plain route',
      (h, t) =>
        `GET /v1/daemon/status HTTP/1.1\r\nHost: ${h}\r\nAuthorization: Bearer ${t}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      null,
    ],
    ['a garbage request line', () => 'HELLO\x00\x01\x02 / nonsense\r\n\r\n', 400],
    ['a bare newline flood', () => '\n'.repeat(100_000), null],
    ['a truncated upgrade', (h) => `GET /v1/stream HTTP/1.1\r\nHost: ${h}\r\nUpgrade: websock`, null],
  ])('%s never crashes the daemon', async (_name, request, expectedStatus) => {
    const response = await rawExchange({ port: listener.port }, request(host, token), { timeoutMs: 1500 });
    if (expectedStatus !== null) expect(response.status).toBe(expectedStatus);
    // The websocket handshake's own refusals are plain text from the ws library; the rest carry our codes.
    if (response.headers['content-type']?.startsWith('application/json') === true)
      expect(['DEV_ERR_BAD_REQUEST', 'DEV_ERR_NOT_FOUND']).toContain(errorCode(response));
    await stillServes();
  });

  test('a refused upgrade is answered and its connection closed by the daemon (nothing left open)', async () => {
    const response = await rawExchange(
      { port: listener.port },
      `GET /v1/stream HTTP/1.1\r\nHost: ${host}\r\nOrigin: http://evil.example\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
      { timeoutMs: 5000 },
    );
    expect(response.status).toBe(403);
    expect(response.closedByPeer).toBe(true);
  });
});

describe('unix socket', () => {
  let app: FastifyInstance;
  let socketPath: string;

  beforeAll(async () => {
    socketPath = join(mkdtempSync(join(tmpdir(), 'devup-unix-')), 'devd.sock');
    app = await buildApp(makeApiDeps());
    await app.listen({ path: socketPath });
  });

  afterAll(async () => {
    await app.close();
  });

  test('a local client (no Origin) is served; a browser-made request or upgrade is refused', async () => {
    const local = await rawExchange(
      { path: socketPath },
      'GET /v1/daemon/status HTTP/1.1\r\nHost: devd\r\nConnection: close\r\n\r\n',
    );
    expect(local.status).toBe(200);
    const browser = await rawExchange(
      { path: socketPath },
      'GET /v1/daemon/status HTTP/1.1\r\nHost: devd\r\nOrigin: http://evil.example\r\nConnection: close\r\n\r\n',
    );
    expect(browser.status).toBe(403);
    const upgraded = await upgrade(`ws+unix://${socketPath}:/v1/stream`, {
      Host: 'devd',
      Origin: 'http://evil.example',
    });
    expect(upgraded.status).toBe(403);
    const own = await upgrade(`ws+unix://${socketPath}:/v1/stream`, { Host: 'devd' });
    expect(own.status).toBe('open');
  });
});
