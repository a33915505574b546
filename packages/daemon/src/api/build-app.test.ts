import type { FastifyInstance } from 'fastify';
import { afterEach, describe, expect, test } from 'vitest';
import type { WebSocket } from 'ws';
import { eventually } from '../engine/eventually.js';
import { LogHub } from '../logs/log-hub.js';
import { LocalLogPlane } from '../logs/log-plane.js';
import { DevError } from '../projects/dev-error.js';
import type { ProjectRef, ServerMessage, UpRequest } from '../protocol/messages.js';
import type { ApiDeps, ProjectCommands } from './api-deps.js';
import { buildApp } from './build-app.js';
import { hubOf, makeApiDeps } from '../../test/support/api-fixture.js';

const ref: ProjectRef = { cwd: '/src/shop', files: [], envFiles: [], profiles: [], env: {} };
const upBody: UpRequest = { ref, services: [], build: false, forceRecreate: false, dryRun: false, watch: true };

const received: UpRequest[] = [];
const commands: ProjectCommands = {
  up: async (request) => {
    received.push(request);
    if (request.ref.cwd === '/broken') {
      throw new DevError('DEV_ERR_CONFIG', 'the configuration has 1 error', [
        {
          severity: 'error',
          file: 'dev.yaml',
          line: 3,
          column: 5,
          path: 'services.web.image',
          message: 'must be a string',
          code: 'type',
        },
      ]);
    }
    return {
      projectName: 'shop',
      planText: '',
      failed: [],
      warnings: [],
      status: { projectName: 'shop', workingDir: '/src/shop', configFiles: [], services: [], configIssues: [] },
    };
  },
  plan: async () => ({
    projectName: 'shop',
    planText: '[1] service:web:1 create-container  new',
    failed: [],
    warnings: [],
    status: { projectName: 'shop', workingDir: '', configFiles: [], services: [], configIssues: [] },
  }),
  planServed: async (projectName) => {
    if (projectName !== 'shop') throw new DevError('DEV_ERR_NOT_FOUND', `no project "${projectName}" is served`);
    return {
      projectName: 'shop',
      planText: '',
      failed: [],
      warnings: [],
      status: { projectName: 'shop', workingDir: '', configFiles: [], services: [], configIssues: [] },
    };
  },
  down: async () => ({ projectName: 'shop', failed: [] }),
  stop: async () => ({ projectName: 'shop', failed: [] }),
  start: async () => ({ projectName: 'shop', failed: [] }),
  restart: async () => ({ projectName: 'shop', failed: [] }),
  build: async () => {
    throw new Error('boom: an invariant broke');
  },
};

let app: FastifyInstance | undefined;
const makeApp = async (overrides: Partial<ApiDeps> = {}) => {
  let shutdownRequested = false;
  // Small, so that a test can make it evict lines.
  const plane = new LocalLogPlane({ hub: new LogHub(100) });
  const deps = makeApiDeps({
    projects: commands,
    logs: plane,
    feeds: plane,
    requestShutdown: () => (shutdownRequested = true),
    ...overrides,
  });
  app = await buildApp(deps);
  return {
    app,
    hub: hubOf(deps),
    store: deps.store,
    activities: deps.activities,
    shutdownRequested: () => shutdownRequested,
  };
};

afterEach(async () => {
  await app?.close();
  app = undefined;
});

/** Opens the stream, listening from the first frame on. */
const connect = async (target: FastifyInstance): Promise<{ socket: WebSocket; messages: ServerMessage[] }> => {
  const messages: ServerMessage[] = [];
  const socket = await target.injectWS(
    '/v1/stream',
    {},
    {
      onInit: (ws) => ws.on('message', (data: Buffer) => messages.push(JSON.parse(data.toString()) as ServerMessage)),
    },
  );
  return { socket, messages };
};

describe('REST', () => {
  test('daemon status answers with pid, socket and version', async () => {
    const { app } = await makeApp();
    const response = await app.inject({ method: 'GET', url: '/v1/daemon/status' });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ pid: 42, socketPath: '/run/devd.sock', version: '0.1.0' });
  });

  test.each([
    ['a body that is not an object', '[1]', 400, 'DEV_ERR_BAD_REQUEST', 'body: must be an object'],
    [
      'a missing field',
      JSON.stringify({ ...upBody, build: undefined }),
      400,
      'DEV_ERR_BAD_REQUEST',
      'build: is required',
    ],
    [
      'a wrong type deep inside',
      JSON.stringify({ ...upBody, ref: { ...ref, env: { A: 1 } } }),
      400,
      'DEV_ERR_BAD_REQUEST',
      'ref.env.A: must be a string',
    ],
    [
      'an unknown field',
      JSON.stringify({ ...upBody, extra: true }),
      400,
      'DEV_ERR_BAD_REQUEST',
      'extra: unknown field',
    ],
    [
      'a relative cwd',
      JSON.stringify({ ...upBody, ref: { ...ref, cwd: 'src' } }),
      400,
      'DEV_ERR_BAD_REQUEST',
      'ref.cwd: must be an absolute path',
    ],
    [
      'a bad service name',
      JSON.stringify({ ...upBody, services: ['../x'] }),
      400,
      'DEV_ERR_BAD_REQUEST',
      'services[0]: must be a name (letters, digits, "_", ".", "-")',
    ],
  ])('POST up with %s is refused', async (_name, payload, status, code, message) => {
    const { app } = await makeApp();
    const response = await app.inject({
      method: 'POST',
      url: '/v1/projects/up',
      payload,
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(status);
    expect(response.json()).toEqual({ error: { code, message } });
  });

  test('malformed JSON gets DEV_ERR_BAD_REQUEST', async () => {
    const { app } = await makeApp();
    const response = await app.inject({
      method: 'POST',
      url: '/v1/projects/up',
      payload: '{"ref":',
      headers: { 'content-type': 'application/json' },
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().error.code).toBe('DEV_ERR_BAD_REQUEST');
  });

  test('a body over the limit gets DEV_ERR_TOO_LARGE', async () => {
    const { app } = await makeApp({ limits: { bodyBytes: 1024 } });
    const response = await app.inject({
      method: 'POST',
      url: '/v1/projects/up',
      payload: { ...upBody, ref: { ...ref, env: { BIG: 'x'.repeat(4096) } } },
    });
    expect(response.statusCode).toBe(413);
    expect(response.json().error.code).toBe('DEV_ERR_TOO_LARGE');
  });

  test('a config error is 422 DEV_ERR_CONFIG with the located issues', async () => {
    const { app } = await makeApp();
    const response = await app.inject({
      method: 'POST',
      url: '/v1/projects/up',
      payload: { ...upBody, ref: { ...ref, cwd: '/broken' } },
    });
    expect(response.statusCode).toBe(422);
    expect(response.json()).toMatchInlineSnapshot(`
      {
        "error": {
          "code": "DEV_ERR_CONFIG",
          "issues": [
            {
              "code": "type",
              "column": 5,
              "file": "dev.yaml",
              "line": 3,
              "message": "must be a string",
              "path": "services.web.image",
              "severity": "error",
            },
          ],
          "message": "the configuration has 1 error",
        },
      }
    `);
  });

  test('an unexpected failure is DEV_ERR_INTERNAL without its stack, and the app keeps serving', async () => {
    const { app } = await makeApp();
    const response = await app.inject({ method: 'POST', url: '/v1/projects/build', payload: { ref, services: [] } });
    expect(response.statusCode).toBe(500);
    expect(response.json()).toEqual({
      error: { code: 'DEV_ERR_INTERNAL', message: 'internal error (see the daemon log)' },
    });
    expect((await app.inject({ method: 'GET', url: '/v1/projects' })).statusCode).toBe(200);
  });

  test('requests from a browser (with an Origin) are refused', async () => {
    const { app } = await makeApp();
    const response = await app.inject({
      method: 'GET',
      url: '/v1/projects',
      headers: { origin: 'http://evil.example' },
    });
    expect(response.statusCode).toBe(403);
    expect(response.json().error.code).toBe('DEV_ERR_FORBIDDEN');
  });

  test('unknown routes and projects are DEV_ERR_NOT_FOUND', async () => {
    const { app } = await makeApp();
    expect((await app.inject({ method: 'GET', url: '/v2/nothing' })).json().error.code).toBe('DEV_ERR_NOT_FOUND');
    expect((await app.inject({ method: 'GET', url: '/v1/projects/nope/status' })).json().error.code).toBe(
      'DEV_ERR_NOT_FOUND',
    );
  });

  test('logs history honours tail, services and after', async () => {
    const { app, hub } = await makeApp();
    for (const [serviceName, text] of [
      ['web', 'w1'],
      ['db', 'd1'],
      ['web', 'w2'],
      ['web', 'w3'],
    ] as const) {
      hub.append({
        projectName: 'shop',
        serviceName,
        replica: 1,
        stream: 'stdout',
        time: '2026-01-01T00:00:00Z',
        text,
      });
    }
    const texts = async (query: string) =>
      (
        (await app.inject({ method: 'GET', url: `/v1/projects/shop/logs${query}` })).json() as {
          lines: { text: string }[];
        }
      ).lines.map((line) => line.text);
    expect(await texts('')).toEqual(['w1', 'd1', 'w2', 'w3']);
    expect(await texts('?tail=1')).toEqual(['d1', 'w3']);
    expect(await texts('?services=web&after=1')).toEqual(['w2', 'w3']);
    expect(await texts('?tail=2')).toEqual(['d1', 'w2', 'w3']);
    expect(await texts('?after=1&tail=1')).toEqual(['d1', 'w3']);
    expect(await texts('?since=2026-01-01T00:00:00Z&tail=1&services=web')).toEqual(['w3']);
    expect((await app.inject({ method: 'GET', url: '/v1/projects/shop/logs?tail=abc' })).json().error.code).toBe(
      'DEV_ERR_BAD_REQUEST',
    );
  });

  test('GET plan for a served project is its dry run; for another, DEV_ERR_NOT_FOUND', async () => {
    const { app } = await makeApp();
    expect((await app.inject({ method: 'GET', url: '/v1/projects/shop/plan' })).json()).toMatchObject({
      projectName: 'shop',
      planText: '',
    });
    expect((await app.inject({ method: 'GET', url: '/v1/projects/other/plan' })).json().error.code).toBe(
      'DEV_ERR_NOT_FOUND',
    );
  });

  test('POST /v1/daemon/stop asks the daemon to shut down', async () => {
    const made = await makeApp();
    const response = await made.app.inject({ method: 'POST', url: '/v1/daemon/stop', payload: {} });
    expect(response.json()).toEqual({ stopping: true });
    await eventually(() => expect(made.shutdownRequested()).toBe(true));
  });
});

describe('stream', () => {
  test('hello -> snapshot -> log deltas, each with an increasing seq', async () => {
    const { app, hub } = await makeApp();
    hub.append({
      projectName: 'shop',
      serviceName: 'web',
      replica: 1,
      stream: 'stdout',
      time: '2026-01-01T00:00:00Z',
      text: 'old',
    });
    const { socket, messages } = await connect(app);
    await eventually(() => expect(messages[0]?.type).toBe('hello'));
    socket.send(JSON.stringify({ type: 'subscribe', tail: 10 }));
    await eventually(() => expect(messages.map((message) => message.type)).toEqual(['hello', 'snapshot', 'log']));
    hub.append({
      projectName: 'shop',
      serviceName: 'web',
      replica: 1,
      stream: 'stdout',
      time: '2026-01-01T00:00:01Z',
      text: 'new',
    });
    await eventually(() => expect(messages).toHaveLength(4));
    expect(messages.map((message) => message.seq)).toEqual([1, 2, 3, 4]);
    expect(messages[0]).toMatchObject({ type: 'hello', protocol: 1, daemonVersion: '0.1.0', instanceId: 'test-1' });
    expect(messages.flatMap((message) => (message.type === 'log' ? [message.line.text] : []))).toEqual(['old', 'new']);
    socket.terminate();
  });

  test('resubscribing with logsAfter resumes with no gap and no duplicate', async () => {
    const { app, hub } = await makeApp();
    for (let index = 1; index <= 5; index += 1) {
      hub.append({
        projectName: 'shop',
        serviceName: 'web',
        replica: 1,
        stream: 'stdout',
        time: '2026-01-01T00:00:00Z',
        text: `line ${index}`,
      });
    }
    const { socket, messages } = await connect(app);
    socket.send(JSON.stringify({ type: 'subscribe', logsAfter: { shop: 3 } }));
    await eventually(() => expect(messages.filter((message) => message.type === 'log')).toHaveLength(2));
    expect(messages.flatMap((message) => (message.type === 'log' ? [message.line.seq] : []))).toEqual([4, 5]);
    socket.terminate();
  });

  test('resuming from lines already evicted says which were skipped', async () => {
    const { app, hub } = await makeApp();
    for (let index = 1; index <= 150; index += 1) {
      hub.append({
        projectName: 'shop',
        serviceName: 'web',
        replica: 1,
        stream: 'stdout',
        time: '2026-01-01T00:00:00Z',
        text: `line ${index}`,
      });
    }
    const { socket, messages } = await connect(app);
    socket.send(JSON.stringify({ type: 'subscribe', logsAfter: { shop: 10 } }));
    await eventually(() => expect(messages.filter((message) => message.type === 'log')).toHaveLength(100));
    expect(messages.find((message) => message.type === 'logs-skipped')).toMatchObject({
      projectName: 'shop',
      fromSeq: 11,
      toSeq: 50,
    });
    socket.terminate();
  });

  test.each([
    ['not JSON', 'nope', 'DEV_ERR_BAD_MESSAGE'],
    ['no type', '{}', 'DEV_ERR_BAD_MESSAGE'],
    ['an unknown type', '{"type":"launch-missiles"}', 'DEV_ERR_UNKNOWN_MESSAGE'],
    ['a bad field', '{"type":"subscribe","tail":-1}', 'DEV_ERR_BAD_MESSAGE'],
    ['a huge message', JSON.stringify({ type: 'ping', id: 'x'.repeat(70_000) }), 'DEV_ERR_TOO_LARGE'],
  ])('a message with %s gets an error reply and the stream stays up', async (_name, payload, code) => {
    const { app } = await makeApp();
    const { socket, messages } = await connect(app);
    socket.send(payload);
    socket.send(JSON.stringify({ type: 'ping', id: 'after' }));
    await eventually(() => expect(messages.find((message) => message.type === 'pong')).toBeDefined());
    expect(messages.find((message) => message.type === 'error')).toMatchObject({ code });
    socket.terminate();
  });

  test('status changes and activities reach subscribers as deltas', async () => {
    const { app, store, activities } = await makeApp();
    const { socket, messages } = await connect(app);
    socket.send(JSON.stringify({ type: 'subscribe', projectName: 'shop', logs: false }));
    await eventually(() => expect(messages.map((message) => message.type)).toContain('snapshot'));
    store.dispatch({
      kind: 'project-loaded',
      projectName: 'shop',
      workingDir: '/src/shop',
      configFiles: [],
      services: [{ serviceName: 'web', hasHealthcheck: false }],
      configIssues: [],
    });
    activities.publish({
      projectName: 'shop',
      kind: 'progress',
      serviceName: 'web',
      text: 'created',
      time: '2026-01-01T00:00:00Z',
    });
    activities.publish({
      projectName: 'other',
      kind: 'progress',
      text: 'not for this client',
      time: '2026-01-01T00:00:00Z',
    });
    await eventually(() =>
      expect(messages.map((message) => message.type)).toEqual(['hello', 'snapshot', 'project', 'activity']),
    );
    socket.terminate();
  });
});
