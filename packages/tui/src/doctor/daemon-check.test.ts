import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { checkDaemon } from './daemon-check.js';
import { createDaemonProbe } from './daemon-probe.js';

describe('checkDaemon', () => {
  test.each([
    {
      health: { state: 'running' as const, version: '0.1.0', detail: 'pid 9' },
      status: 'ok',
      detail: 'running (version 0.1.0): pid 9',
    },
    { health: { state: 'not-running' as const }, status: 'warn', detail: 'not running; `dev up` starts it' },
    { health: { state: 'unhealthy' as const, message: 'timed out' }, status: 'fail', detail: 'not healthy: timed out' },
  ])('$health.state -> $status', ({ health, status, detail }) => {
    expect(checkDaemon(health)).toMatchObject({ id: 'daemon', status, detail });
  });
});

describe('createDaemonProbe', () => {
  let server: Server | undefined;
  let runtimeDir = '';

  afterEach(async () => {
    await new Promise<void>((resolve) => (server === undefined ? resolve() : server.close(() => resolve())));
    server = undefined;
    if (runtimeDir !== '') await rm(runtimeDir, { recursive: true, force: true });
  });

  const serve = async (body: unknown): Promise<string> => {
    runtimeDir = await mkdtemp(join(tmpdir(), 'doctor-daemon-'));
    server = createServer((_request, response) => {
      response.setHeader('content-type', 'application/json');
      response.end(JSON.stringify(body));
    });
    await new Promise<void>((resolve) => server?.listen(join(runtimeDir, 'devd.sock'), resolve));
    return runtimeDir;
  };

  test('no socket: not running', async () => {
    expect(await createDaemonProbe({ DEVUP_RUNTIME_DIR: '/nonexistent/devup-run' })()).toEqual({
      state: 'not-running',
      detail: 'no socket at /nonexistent/devup-run/devd.sock',
    });
  });

  test('a running daemon reports its version', async () => {
    const dir = await serve({
      pid: 42,
      socketPath: 'x',
      version: '0.1.0',
      protocol: 1,
      instanceId: 'i',
      startedAt: 't',
      engine: { connected: true },
      projects: [],
    });
    expect(await createDaemonProbe({ DEVUP_RUNTIME_DIR: dir })()).toEqual({
      state: 'running',
      version: '0.1.0',
      detail: 'pid 42, engine connected, 0 project(s)',
    });
  });

  test('another protocol is unhealthy', async () => {
    const dir = await serve({ pid: 42, version: '9.0.0', protocol: 99, engine: { connected: true }, projects: [] });
    expect((await createDaemonProbe({ DEVUP_RUNTIME_DIR: dir })()).state).toBe('unhealthy');
  });
});
