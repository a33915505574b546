import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject } from '@devup/schema';
import { afterEach, describe, expect, test } from 'vitest';
import { createMemoryLog } from '../daemon-log.js';
import type { ProjectRef } from '../protocol/messages.js';
import { emptyDaemonState } from '../state/state-file.js';
import { StatusStore } from '../status/status-store.js';
import type { LoadProject, RunnerPort } from './project-ports.js';
import { ProjectService } from './project-service.js';
import { driftingServices, loadServiceDrift } from './service-drift.js';

const production = `services:
  web:
    image: shop:1.0
    environment: { DEBUG: '0' }
  worker:
    image: shop:1.0
    command: celery worker
  db:
    image: postgres:16
`;

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

const projectFolder = (overlay: string): string => {
  const folder = mkdtempSync(join(tmpdir(), 'devup-drift-'));
  folders.push(folder);
  writeFileSync(join(folder, 'compose.yaml'), production);
  writeFileSync(join(folder, 'dev.yaml'), `x-dev:\n  production: [compose.yaml]\n${overlay}`);
  return folder;
};

const load: LoadProject = (options) => loadProject(options);

const driftIn = async (overlay: string): Promise<string[]> => {
  const cwd = projectFolder(overlay);
  const effective = await loadProject({ cwd, env: {} });
  if (!effective.ok) throw new Error(JSON.stringify(effective.issues));
  return [...(await loadServiceDrift(load, { cwd, env: {} }, effective.project))].sort();
};

describe('service drift', () => {
  test.each([
    ['allowed overlays only', 'services:\n  web:\n    ports: ["127.0.0.1:8000:80"]\n', []],
    ['another image tag', 'services:\n  web:\n    image: shop:dev\n', ['web']],
    [
      'another command and environment value',
      'services:\n  worker:\n    command: celery -A x worker\n  db:\n    environment: { A: "1" }\n',
      ['db', 'worker'],
    ],
    ['a service production does not run', 'services:\n  mail:\n    image: mailpit:1\n', ['mail']],
  ])('%s', async (_name, overlay, expected) => {
    expect(await driftIn(overlay)).toEqual(expected);
  });

  test('no production files: nothing drifts, nothing else is loaded', async () => {
    const cwd = projectFolder('services: {}\n');
    const alone = await loadProject({ cwd, env: {}, files: ['compose.yaml'] });
    if (!alone.ok) throw new Error('compose.yaml should load');
    let loads = 0;
    const counting: LoadProject = (options) => {
      loads += 1;
      return loadProject(options);
    };
    expect([...(await loadServiceDrift(counting, { cwd, env: {} }, alone.project))]).toEqual([]);
    expect(loads).toBe(0);
  });

  test('driftingServices is pure over two projects', async () => {
    const cwd = projectFolder('services:\n  web:\n    image: shop:dev\n');
    const [before, after] = await Promise.all([
      loadProject({ cwd, env: {}, files: ['compose.yaml'] }),
      loadProject({ cwd, env: {} }),
    ]);
    if (!before.ok || !after.ok) throw new Error('both should load');
    expect([...driftingServices(before.project, after.project)]).toEqual(['web']);
    expect([...driftingServices(before.project, before.project)]).toEqual([]);
  });

  test('dev up marks the drifting services on their status, and only those', async () => {
    const cwd = projectFolder('services:\n  web:\n    image: shop:dev\n');
    const store = new StatusStore();
    const runner: RunnerPort = {
      planUp: async () => ({ planText: '' }),
      up: async () => ({ planText: '', failed: [] }),
      down: async () => undefined,
      stop: async () => undefined,
      start: async () => undefined,
      restart: async () => undefined,
      build: async () => undefined,
    };
    const service = new ProjectService({
      loadProject: load,
      createRunner: () => runner,
      store,
      observe: async () => undefined,
      forgetLogs: () => undefined,
      state: emptyDaemonState(),
      saveState: () => undefined,
      onActivity: () => undefined,
      log: createMemoryLog(),
    });
    const ref: ProjectRef = { cwd, files: [], envFiles: [], profiles: [], env: {}, projectName: 'shop' };
    await service.up({ ref, services: [], build: false, forceRecreate: false, dryRun: false, watch: false });
    const marks = store.project('shop')?.services.map((status) => [status.serviceName, status.drift === true]);
    expect(marks).toEqual([
      ['db', false],
      ['web', true],
      ['worker', false],
    ]);
  });
});
