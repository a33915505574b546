import type { FastifyInstance } from 'fastify';
import { afterEach, expect, test } from 'vitest';
import type { WebSocket } from 'ws';
import { createMemoryLog } from '../daemon-log.js';
import { eventually } from '../engine/eventually.js';
import { FakeEngine } from '../engine/fake-engine.js';
import { LocalLogPlane } from '../logs/log-plane.js';
import type { Activity, ExecServerMessage } from '../protocol/messages.js';
import { StatusStore } from '../status/status-store.js';
import { createTopic } from '../status/topic.js';
import type { ProjectCommands } from './api-deps.js';
import { buildApp } from './build-app.js';

let app: FastifyInstance | undefined;
afterEach(async () => {
  await app?.close();
  app = undefined;
});

const setup = async () => {
  const engine = new FakeEngine();
  const containerId = await engine.createContainer({
    name: 'shop-web-1',
    image: 'app',
    labels: {
      'com.docker.compose.project': 'shop',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '1',
    },
    env: [],
    tty: false,
    openStdin: false,
    exposedPorts: [],
    host: { binds: [], mounts: [], portBindings: {}, extraHosts: [] },
  });
  await engine.startContainer(containerId);
  app = await buildApp({
    version: '0.1.0',
    instanceId: 'test',
    projects: {} as ProjectCommands,
    store: new StatusStore(),
    logs: new LocalLogPlane(),
    activities: createTopic<Activity>(),
    engine,
    daemonStatus: () => {
      throw new Error('not used');
    },
    requestShutdown: () => undefined,
    log: createMemoryLog(),
  });
  const messages: ExecServerMessage[] = [];
  const socket: WebSocket = await app.injectWS(
    '/v1/exec',
    {},
    {
      onInit: (ws) =>
        ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as ExecServerMessage)),
    },
  );
  return { socket, messages };
};

test('exec runs the command in the service container and passes its output and exit code', async () => {
  const { socket, messages } = await setup();
  socket.send(
    JSON.stringify({
      type: 'start',
      projectName: 'shop',
      serviceName: 'web',
      cmd: ['sh', '-c', 'echo hi; echo oops >&2; exit 7'],
      tty: false,
      interactive: false,
    }),
  );
  await eventually(() => expect(messages.at(-1)).toEqual({ type: 'exit', code: 7 }));
  const text = (type: 'stdout' | 'stderr') =>
    messages
      .flatMap((message) => (message.type === type ? [Buffer.from(message.data, 'base64').toString()] : []))
      .join('');
  expect(text('stdout')).toBe('hi\n');
  expect(text('stderr')).toBe('oops\n');
});

test.each([
  ['input before start', { type: 'stdin', data: 'aGk=' }, 'DEV_ERR_BAD_MESSAGE', 'send "start" first'],
  [
    'an empty command',
    { type: 'start', projectName: 'shop', serviceName: 'web', cmd: [], tty: false, interactive: false },
    'DEV_ERR_BAD_MESSAGE',
    'cmd: must not be empty',
  ],
  ['an unknown type', { type: 'detonate' }, 'DEV_ERR_UNKNOWN_MESSAGE', 'message type "detonate" is not known'],
])('%s gets an error reply', async (_name, message, code, text) => {
  const { socket, messages } = await setup();
  socket.send(JSON.stringify(message));
  await eventually(() => expect(messages[0]).toEqual({ type: 'error', code, message: text }));
  socket.terminate();
});

test('a service without a running container is DEV_ERR_NOT_FOUND', async () => {
  const { socket, messages } = await setup();
  socket.send(
    JSON.stringify({
      type: 'start',
      projectName: 'shop',
      serviceName: 'worker',
      cmd: ['true'],
      tty: false,
      interactive: false,
    }),
  );
  await eventually(() =>
    expect(messages[0]).toEqual({
      type: 'error',
      code: 'DEV_ERR_NOT_FOUND',
      message: 'service "worker" has no running container',
    }),
  );
});
