import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Project } from '@devup/schema';
import { expect, test } from 'vitest';
import { DaemonClient } from './client/daemon-client.js';
import { createMemoryLog } from './daemon-log.js';
import { DaemonAlreadyRunning, startDaemon, type DaemonOptions } from './daemon.js';
import { FakeEngine } from './engine/fake-engine.js';
import { resolveRuntimePaths } from './state/runtime-paths.js';

const project = { name: 'shop', working_dir: '/src/shop', config_files: [], services: {} } as unknown as Project;

const options = (root: string): DaemonOptions => ({
  paths: resolveRuntimePaths({ HOME: root, XDG_RUNTIME_DIR: join(root, 'run') }),
  version: '9.9.9',
  engine: new FakeEngine(),
  loadProject: async () => ({ ok: true, project, warnings: [] }),
  createRunner: () => ({
    planUp: async () => ({ planText: '' }),
    up: async () => ({ planText: '', failed: [] }),
    down: async () => undefined,
    stop: async () => undefined,
    start: async () => undefined,
    restart: async () => undefined,
    build: async () => undefined,
  }),
  log: createMemoryLog(),
});

test('devd serves on a private socket, remembers projects, refuses a second instance and stops cleanly', async () => {
  const root = mkdtempSync(join(tmpdir(), 'devup-daemon-'));
  const daemonOptions = options(root);
  const daemon = await startDaemon(daemonOptions);
  const { paths } = daemonOptions;
  expect(statSync(paths.runDir).mode & 0o777).toBe(0o700);
  expect(statSync(paths.socketPath).mode & 0o777).toBe(0o600);
  expect(readFileSync(paths.pidFile, 'utf8').trim()).toBe(String(process.pid));

  const client = new DaemonClient({ socketPath: daemon.socketPath });
  expect(await client.daemonStatus()).toMatchObject({
    pid: process.pid,
    version: '9.9.9',
    socketPath: paths.socketPath,
    projects: [],
  });
  const ref = { cwd: '/src/shop', files: [], envFiles: [], profiles: [], env: {} };
  const up = await client.up({ ref, services: [], build: false, forceRecreate: false, dryRun: false, watch: false });
  expect(up.projectName).toBe('shop');
  expect(JSON.parse(readFileSync(paths.stateFile, 'utf8')).projects.shop).toMatchObject({ ref, watch: false });

  await expect(startDaemon({ ...daemonOptions, paths: { ...paths } })).rejects.toBeInstanceOf(DaemonAlreadyRunning);

  await daemon.close();
  await daemon.closed;
  expect(existsSync(paths.socketPath)).toBe(false);
  expect(existsSync(paths.pidFile)).toBe(false);

  // Started again, it serves the registered project at once.
  const again = await startDaemon(options(root));
  const status = await new DaemonClient({ socketPath: again.socketPath }).daemonStatus();
  expect(status.projects.map((entry) => entry.projectName)).toEqual(['shop']);
  await again.close();
});
