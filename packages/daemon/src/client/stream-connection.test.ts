import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterEach, expect, test } from 'vitest';
import { buildApp } from '../api/build-app.js';
import type { ProjectCommands } from '../api/api-deps.js';
import { createMemoryLog } from '../daemon-log.js';
import { eventually } from '../engine/eventually.js';
import { FakeEngine } from '../engine/fake-engine.js';
import { LogHub } from '../logs/log-hub.js';
import { LocalLogPlane } from '../logs/log-plane.js';
import type { Activity, LogLine } from '../protocol/messages.js';
import { StatusStore } from '../status/status-store.js';
import { createTopic } from '../status/topic.js';
import { DaemonClient, DaemonRequestError, DaemonUnavailableError } from './daemon-client.js';
import { openStream } from './stream-connection.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const serve = async () => {
  const hub = new LogHub();
  const plane = new LocalLogPlane({ hub });
  app = await buildApp({
    version: '0.1.0',
    instanceId: 'one',
    projects: {} as ProjectCommands,
    store: new StatusStore(),
    logs: plane,
    feeds: plane,
    activities: createTopic<Activity>(),
    engine: new FakeEngine(),
    daemonStatus: () => ({
      pid: 1,
      socketPath: 'x',
      version: '0.1.0',
      protocol: 1,
      instanceId: 'one',
      startedAt: 'now',
      engine: { connected: true },
      projects: [],
    }),
    requestShutdown: () => undefined,
    log: createMemoryLog(),
  });
  const socketPath = join(mkdtempSync(join(tmpdir(), 'devup-client-')), 'devd.sock');
  await app.listen({ path: socketPath });
  return { hub, socketPath, app };
};

const append = (hub: LogHub, text: string) =>
  hub.append({
    projectName: 'shop',
    serviceName: 'web',
    replica: 1,
    stream: 'stdout',
    time: '2026-01-01T00:00:00Z',
    text,
  });

test('a dropped stream reconnects by itself and resumes after the last line: no gap, no duplicate', async () => {
  const { hub, socketPath, app: server } = await serve();
  const lines: LogLine[] = [];
  const states: string[] = [];
  const stream = openStream(
    { projectName: 'shop', logs: true, tail: 100 },
    {
      onMessage: (message) => message.type === 'log' && lines.push(message.line),
      onState: (state) => states.push(state),
    },
    { socketPath, backoffMs: [10] },
  );
  await stream.ready;
  for (let index = 1; index <= 5; index += 1) append(hub, `line ${index}`);
  await eventually(() => expect(lines).toHaveLength(5));

  for (const client of server.websocketServer.clients) client.terminate();
  for (let index = 6; index <= 10; index += 1) append(hub, `line ${index}`);
  await eventually(() => expect(lines).toHaveLength(10));
  stream.close();

  expect(lines.map((line) => line.text)).toEqual(Array.from({ length: 10 }, (_, index) => `line ${index + 1}`));
  expect(states).toContain('reconnecting');
});

test('REST errors come back typed; a missing daemon is DaemonUnavailableError', async () => {
  const { socketPath } = await serve();
  const client = new DaemonClient({ socketPath });
  expect((await client.daemonStatus()).version).toBe('0.1.0');
  const notFound = await client.projectStatus('nope').catch((error: unknown) => error);
  expect(notFound).toBeInstanceOf(DaemonRequestError);
  expect(notFound).toMatchObject({ code: 'DEV_ERR_NOT_FOUND', status: 404 });
  const missing = await new DaemonClient({ socketPath: `${socketPath}.missing` })
    .daemonStatus()
    .catch((error: unknown) => error);
  expect(missing).toBeInstanceOf(DaemonUnavailableError);
});

test('when a restarted daemon answers, the lines it serves again are dropped and the new ones delivered', async () => {
  const first = await serve();
  const lines: LogLine[] = [];
  const stream = openStream(
    { projectName: 'shop', logs: true, tail: 100 },
    { onMessage: (message) => message.type === 'log' && lines.push(message.line) },
    { socketPath: first.socketPath, backoffMs: [20] },
  );
  await stream.ready;
  first.hub.append({
    projectName: 'shop',
    serviceName: 'web',
    replica: 1,
    stream: 'stdout',
    time: '2026-01-01T00:00:01.000Z',
    text: 'one',
  });
  await eventually(() => expect(lines).toHaveLength(1));
  await app?.close();

  // A new daemon on the same socket: new instance, a hub rebuilt from the engine's backlog.
  const hub = new LogHub();
  const plane = new LocalLogPlane({ hub });
  app = await buildApp({
    version: '0.1.0',
    instanceId: 'two',
    projects: {} as ProjectCommands,
    store: new StatusStore(),
    logs: plane,
    feeds: plane,
    activities: createTopic<Activity>(),
    engine: new FakeEngine(),
    daemonStatus: () => {
      throw new Error('not used');
    },
    requestShutdown: () => undefined,
    log: createMemoryLog(),
  });
  hub.append({
    projectName: 'shop',
    serviceName: 'web',
    replica: 1,
    stream: 'stdout',
    time: '2026-01-01T00:00:00.990Z',
    text: 'one',
  });
  hub.append({
    projectName: 'shop',
    serviceName: 'web',
    replica: 1,
    stream: 'stdout',
    time: '2026-01-01T00:00:02.000Z',
    text: 'two',
  });
  await app.listen({ path: first.socketPath });
  await eventually(() => expect(lines.map((line) => line.text)).toEqual(['one', 'two']));
  stream.close();
});
