// API fuzzing against a real app listening on a unix socket: random and malformed REST
// bodies, queries and paths, random stream messages, oversized bodies and frames, a stream
// client that never reads and slow-loris connections. The daemon answers with stable
// DEV_ERR_* codes, keeps its memory bounded and keeps serving the other clients.

import { mkdtempSync } from 'node:fs';
import { request } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { WebSocket } from 'ws';
import { buildApp } from '../../src/api/build-app.js';
import { eventually } from '../../src/engine/eventually.js';
import type { LogHub } from '../../src/logs/log-hub.js';
import type { ServerMessage } from '../../src/protocol/messages.js';
import { hubOf, makeApiDeps } from '../support/api-fixture.js';
import { openRaw, rawExchange } from '../support/raw-http.js';
import { clientFrame, rawUpgrade } from '../support/ws-frames.js';

const FRAME_BYTES = 64 * 1024;
const BODY_BYTES = 256 * 1024;
const STABLE_CODES = new Set([
  'DEV_ERR_BAD_REQUEST',
  'DEV_ERR_BAD_MESSAGE',
  'DEV_ERR_UNKNOWN_MESSAGE',
  'DEV_ERR_TOO_LARGE',
  'DEV_ERR_NOT_FOUND',
  'DEV_ERR_FORBIDDEN',
]);

let app: FastifyInstance;
let hub: LogHub;
let socketPath: string;

beforeAll(async () => {
  socketPath = join(mkdtempSync(join(tmpdir(), 'devup-api-fuzz-')), 'devd.sock');
  const deps = makeApiDeps({ limits: { frameBytes: FRAME_BYTES, bodyBytes: BODY_BYTES } });
  hub = hubOf(deps);
  app = await buildApp(deps);
  await app.listen({ path: socketPath });
});

afterAll(async () => {
  await app.close();
});

const call = (
  method: string,
  path: string,
  body?: string | Buffer,
  headers: Record<string, string> = {},
): Promise<{ status: number; json: unknown; ms: number }> =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const outgoing = request(
      {
        socketPath,
        method,
        path,
        agent: false,
        headers: { host: 'devd', ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          let json: unknown;
          try {
            json = JSON.parse(Buffer.concat(chunks).toString('utf8'));
          } catch {
            json = undefined;
          }
          resolve({ status: response.statusCode ?? 0, json, ms: performance.now() - started });
        });
      },
    );
    outgoing.on('error', reject);
    outgoing.end(body);
  });

const codeOf = (json: unknown): string | undefined => (json as { error?: { code?: string } } | undefined)?.error?.code;

const expectServed = async (): Promise<void> => {
  const response = await call('GET', '/v1/daemon/status');
  expect(response.status).toBe(200);
};

const ref = { cwd: '/src/shop', files: [], envFiles: [], profiles: [], env: {} };
const upBody = { ref, services: [], build: false, forceRecreate: false, dryRun: false, watch: true };
const postRoutes = ['up', 'plan', 'down', 'stop', 'start', 'restart', 'build'].map((name) => `/v1/projects/${name}`);

/** A valid body with one field replaced by anything, or removed, or an extra field. */
const bentBody = fc.oneof(
  fc
    .record({ key: fc.constantFrom(...Object.keys(upBody), 'extra'), value: fc.jsonValue() })
    .map(({ key, value }) => ({ ...upBody, [key]: value })),
  fc
    .record({ key: fc.constantFrom(...Object.keys(ref)), value: fc.jsonValue() })
    .map(({ key, value }) => ({ ...upBody, ref: { ...ref, [key]: value } })),
  fc
    .constantFrom(...Object.keys(upBody))
    .map((key) => Object.fromEntries(Object.entries(upBody).filter(([name]) => name !== key))),
);

describe('REST', () => {
  test('random JSON, bent bodies and non-JSON bytes on every command: 200 or a 4xx with a stable code, never 500', async () => {
    const seen = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...postRoutes),
        fc.oneof(
          fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
          bentBody.map((value) => JSON.stringify(value)),
          fc.string({ maxLength: 200 }),
          fc.uint8Array({ maxLength: 200 }).map((bytes) => Buffer.from(bytes).toString('latin1')),
        ),
        async (route, body) => {
          const response = await call('POST', route, body);
          const code = codeOf(response.json) ?? String(response.status);
          seen.set(code, (seen.get(code) ?? 0) + 1);
          if (response.status === 200) return;
          expect([400, 404, 413]).toContain(response.status);
          expect(STABLE_CODES.has(codeOf(response.json) ?? '')).toBe(true);
        },
      ),
      { numRuns: 600, seed: 7 },
    );
    expect(seen.get('DEV_ERR_BAD_REQUEST')).toBeGreaterThan(100);
    await expectServed();
  });

  test('random paths, queries and methods: a stable code, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
        fc.oneof(
          fc
            .string({ maxLength: 80 })
            .map(
              (text) =>
                `/v1/projects/${encodeURIComponent(text)}/logs?tail=${encodeURIComponent(text)}&after=${encodeURIComponent(text)}&since=${encodeURIComponent(text)}&services=${encodeURIComponent(text)}`,
            ),
          fc.webPath().map((path) => `/${path.replace(/^\/+/, '')}`),
          fc.string({ maxLength: 40 }).map((text) => `/v1/${encodeURIComponent(text)}`),
        ),
        async (method, path) => {
          const response = await call(method, path, method === 'GET' || method === 'OPTIONS' ? undefined : '{}');
          expect(response.status).toBeLessThan(500);
          if (response.status >= 400)
            expect(
              STABLE_CODES.has(codeOf(response.json) ?? ''),
              `${method} ${path}: ${response.status} ${JSON.stringify(response.json)}`,
            ).toBe(true);
        },
      ),
      { numRuns: 400, seed: 11 },
    );
    await expectServed();
  });

  test.each([
    ['a body just over the limit', 'x', BODY_BYTES + 10, 413, 'DEV_ERR_TOO_LARGE'],
    ['a 5 MiB body', 'y', 5 * 1024 * 1024, 413, 'DEV_ERR_TOO_LARGE'],
  ])('%s gets 413 DEV_ERR_TOO_LARGE', async (_name, fill, size, status, code) => {
    const body = JSON.stringify({ ...upBody, ref: { ...ref, env: { BIG: fill.repeat(size) } } });
    const response = await call('POST', '/v1/projects/up', body);
    expect(response.status).toBe(status);
    expect(codeOf(response.json)).toBe(code);
    await expectServed();
  });

  test.each([
    ['a wrong content type', 'text/plain', '{}'],
    ['a charset the parser does not know', 'application/json; charset=utf-7', '{}'],
    ['deeply nested JSON', 'application/json', `${'['.repeat(100_000)}${']'.repeat(100_000)}`],
    ['a lone surrogate', 'application/json', '{"ref":"\\ud800"}'],
  ])('%s gets a 4xx with a stable code', async (_name, contentType, body) => {
    const response = await call('POST', '/v1/projects/up', body, { 'content-type': contentType });
    expect(response.status).toBeGreaterThanOrEqual(400);
    expect(response.status).toBeLessThan(500);
    expect(STABLE_CODES.has(codeOf(response.json) ?? '')).toBe(true);
    await expectServed();
  });
});

interface StreamClient {
  ws: WebSocket;
  messages: ServerMessage[];
  closed: Promise<number>;
}

const openStream = async (): Promise<StreamClient> => {
  const ws = new WebSocket(`ws+unix://${socketPath}:/v1/stream`, { headers: { host: 'devd' } });
  const messages: ServerMessage[] = [];
  ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as ServerMessage));
  const closed = new Promise<number>((resolve) => ws.on('close', (code) => resolve(code)));
  ws.on('error', () => undefined);
  await eventually(() => expect(messages[0]?.type).toBe('hello'));
  return { ws, messages, closed };
};

/** Sends a ping and waits for its pong; returns the round trip in ms. */
const roundTrip = async (client: StreamClient, id: string, timeoutMs = 5000): Promise<number> => {
  const started = performance.now();
  client.ws.send(JSON.stringify({ type: 'ping', id }));
  await eventually(
    () => expect(client.messages.some((message) => message.type === 'pong' && message.id === id)).toBe(true),
    timeoutMs,
  );
  return performance.now() - started;
};

describe('stream', () => {
  test('two thousand random frames get error replies with stable codes, then a ping still answers', async () => {
    const client = await openStream();
    const frames = fc.sample(
      fc.oneof(
        fc.jsonValue().map((value) => JSON.stringify(value) ?? 'null'),
        fc
          .record(
            {
              type: fc.oneof(
                fc.string({ maxLength: 20 }),
                fc.constantFrom('subscribe', 'ping', 'hello', 'log', '__proto__', 'constructor'),
              ),
              id: fc.jsonValue(),
              tail: fc.jsonValue(),
              logsAfter: fc.jsonValue(),
              services: fc.jsonValue(),
              projectName: fc.jsonValue(),
            },
            { requiredKeys: ['type'] },
          )
          .map((value) => JSON.stringify(value)),
        fc.string({ maxLength: 100 }),
      ),
      { numRuns: 2000, seed: 3 },
    );
    for (const frame of frames) client.ws.send(frame);
    for (let index = 0; index < 20; index += 1) client.ws.send(Buffer.from([index, 0xff, 0xfe]), { binary: true });
    await roundTrip(client, 'after-fuzz', 10_000);
    const codes = new Set(client.messages.flatMap((message) => (message.type === 'error' ? [message.code] : [])));
    expect(codes.size).toBeGreaterThan(1);
    for (const code of codes) expect(STABLE_CODES.has(code)).toBe(true);
    client.ws.terminate();
  });

  test('a frame over the message limit gets DEV_ERR_TOO_LARGE; one past the transport limit closes only that connection (1009)', async () => {
    const bystander = await openStream();
    const client = await openStream();
    client.ws.send(JSON.stringify({ type: 'ping', id: 'x'.repeat(FRAME_BYTES + 100) }));
    await roundTrip(client, 'still-open');
    expect(client.messages.find((message) => message.type === 'error')).toMatchObject({ code: 'DEV_ERR_TOO_LARGE' });
    client.ws.send('z'.repeat(BODY_BYTES * 2 + 1));
    expect(await client.closed).toBe(1009);
    expect(await roundTrip(bystander, 'bystander')).toBeLessThan(1000);
    bystander.ws.terminate();
  });

  test('malformed frames on a raw socket (unmasked, reserved opcode, lying length, fragment flood) close that connection only', async () => {
    const bystander = await openStream();
    const bad = [
      Buffer.from([0x81, 0x05, 0x68, 0x65, 0x6c, 0x6c, 0x6f]),
      clientFrame('x', { opcode: 0x3 }),
      clientFrame('{}', { declaredLength: 2 ** 31 }),
      Buffer.concat(Array.from({ length: 200 }, () => clientFrame('a'.repeat(1000), { fin: false, opcode: 0 }))),
    ];
    for (const bytes of bad) {
      const socket = await openRaw({ path: socketPath });
      await rawUpgrade(socket, '/v1/stream');
      const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
      socket.write(bytes);
      await closed;
    }
    expect(await roundTrip(bystander, 'after-bad-frames')).toBeLessThan(1000);
    bystander.ws.terminate();
  });

  test('a client that never reads during a flood: memory stays bounded, others are served, and it is told what it skipped', async () => {
    const reader = await openStream();
    reader.ws.send(JSON.stringify({ type: 'subscribe', logs: false }));
    const stuck: Socket = await openRaw({ path: socketPath });
    const frames = await rawUpgrade(stuck, '/v1/stream');
    stuck.write(clientFrame(JSON.stringify({ type: 'subscribe' })));
    await eventually(() => expect(frames.texts().some((text) => text.includes('"snapshot"'))).toBe(true));
    stuck.pause();

    const LINES = 200_000;
    const heapBefore = process.memoryUsage().heapUsed;
    let heapPeak = heapBefore;
    const latencies: number[] = [];
    const text = 'z'.repeat(200);
    for (let batch = 0; batch < LINES / 5000; batch += 1) {
      for (let index = 0; index < 5000; index += 1) {
        hub.append({
          projectName: 'flood',
          serviceName: `s${index % 50}`,
          replica: 1,
          stream: 'stdout',
          time: '2026-01-01T00:00:00Z',
          text,
        });
      }
      heapPeak = Math.max(heapPeak, process.memoryUsage().heapUsed);
      if (batch % 4 === 0) latencies.push(await roundTrip(reader, `flood-${batch}`));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const growthMb = (heapPeak - heapBefore) / 1024 / 1024;
    console.info(
      `never-reading client: ${LINES} lines of 200 bytes, heap growth ${growthMb.toFixed(1)} MiB, reader ping p100 ${Math.max(...latencies).toFixed(1)} ms`,
    );
    // Unbounded queuing would hold every line (over 60 MiB of strings and objects).
    expect(growthMb).toBeLessThan(40);
    expect(Math.max(...latencies)).toBeLessThan(1000);

    stuck.resume();
    await eventually(
      () => expect(frames.texts().some((frameText) => frameText.includes('"logs-skipped"'))).toBe(true),
      15_000,
    );
    const skipped = frames
      .texts()
      .map((frameText) => JSON.parse(frameText) as ServerMessage)
      .find((message) => message.type === 'logs-skipped');
    expect(skipped).toMatchObject({ projectName: 'flood' });
    stuck.destroy();
    reader.ws.terminate();
  }, 60_000);

  test('a hundred slow-loris connections (headers and bodies that never finish) do not stop others being served', async () => {
    const lorises: Socket[] = [];
    for (let index = 0; index < 100; index += 1) {
      const socket = await openRaw({ path: socketPath });
      socket.on('error', () => undefined);
      socket.write(
        index % 2 === 0
          ? 'GET /v1/daemon/status HTTP/1.1\r\nHost: devd\r\nX-Slow: a'
          : 'POST /v1/projects/up HTTP/1.1\r\nHost: devd\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"ref":',
      );
      lorises.push(socket);
    }
    const drip = setInterval(() => {
      for (const socket of lorises) socket.write('a');
    }, 50);
    try {
      const stream = await openStream();
      const latencies: number[] = [];
      for (let round = 0; round < 20; round += 1) {
        latencies.push((await call('GET', '/v1/daemon/status')).ms);
        latencies.push(await roundTrip(stream, `loris-${round}`));
      }
      expect(Math.max(...latencies)).toBeLessThan(1000);
      stream.ws.terminate();
    } finally {
      clearInterval(drip);
      for (const socket of lorises) socket.destroy();
    }
    const garbage = await rawExchange(
      { path: socketPath },
      'GET / HTTP/1.1\r\nHost: devd\r\nContent-Length: -5\r\n\r\n',
    );
    expect(garbage.status).toBe(400);
    expect(JSON.parse(garbage.body)).toEqual({
      error: { code: 'DEV_ERR_BAD_REQUEST', message: 'malformed HTTP request' },
    });
    await expectServed();
  });
});
