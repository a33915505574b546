import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Project } from '@devup/schema';
import { describe, expect, test } from 'vitest';
import { createMemoryLog } from '../daemon-log.js';
import type { Activity, ProjectRef, UpRequest } from '../protocol/messages.js';
import { emptyDaemonState, type DaemonState } from '../state/state-file.js';
import { StatusStore } from '../status/status-store.js';
import { fileBaselineStore, removeWatchRecord, watchRecordFile } from '../watch/watch-baseline.js';
import { DevError } from './dev-error.js';
import type { LoadProject, RunnerEvent, RunnerPort, StartWatch } from './project-ports.js';
import { ProjectService } from './project-service.js';

const project = (name: string): Project =>
  ({
    name,
    working_dir: '/src/shop',
    config_files: ['/src/shop/compose.yaml'],
    services: {
      db: { name: 'db', depends_on: {}, healthcheck: { test: ['CMD', 'true'] } },
      web: { name: 'web', depends_on: { db: { condition: 'service_healthy', required: true } } },
    },
  }) as unknown as Project;

const ref: ProjectRef = { cwd: '/src/shop', files: [], envFiles: [], profiles: [], env: { DEBUG: '1' } };
const upRequest: UpRequest = { ref, services: [], build: false, forceRecreate: false, dryRun: false, watch: false };

const makeService = (
  loadProject: LoadProject,
  stepCount = 1,
  options: { state?: DaemonState; startWatch?: StartWatch; forgetWatch?: (projectName: string) => Promise<void> } = {},
) => {
  const calls: string[] = [];
  const environments: Record<string, string>[] = [];
  const activities: Activity[] = [];
  const saved: DaemonState[] = [];
  const store = new StatusStore();
  const state = options.state ?? emptyDaemonState();
  const runnerFor = (onEvent: (event: RunnerEvent) => void): RunnerPort => ({
    planUp: async () => ({ planText: '[] -> #1 service:web:1 create-container  missing', stepCount }),
    up: async (loaded) => {
      calls.push(`up ${loaded.name}`);
      onEvent({
        kind: 'progress',
        serviceName: 'db',
        text: '[] -> #1 service:db await-healthy  dependency: started',
        status: 'started',
      });
      return {
        planText: 'plan',
        failed: [{ resource: 'service:web:1', error: 'start-container service:web:1 failed: port is taken' }],
      };
    },
    down: async (projectName) => void calls.push(`down ${projectName}`),
    stop: async (_project, services) => void calls.push(`stop ${services.join(',')}`),
    start: async () => undefined,
    restart: async () => undefined,
    build: async () => undefined,
    rebuildService: async (_project, serviceName) => {
      if (serviceName === 'db') throw new Error('build service:db failed: no such file');
      calls.push(`rebuild ${serviceName}`);
    },
  });
  const service = new ProjectService({
    loadProject,
    createRunner: (onEvent, environment) => {
      environments.push(environment);
      return runnerFor(onEvent);
    },
    ...(options.startWatch !== undefined ? { startWatch: options.startWatch } : {}),
    ...(options.forgetWatch !== undefined ? { forgetWatch: options.forgetWatch } : {}),
    store,
    observe: async () => undefined,
    forgetLogs: () => undefined,
    state,
    saveState: (next) => saved.push(structuredClone(next)),
    onActivity: (activity) => activities.push(activity),
    log: createMemoryLog(),
    now: () => new Date('2026-01-01T00:00:00Z'),
  });
  return { service, calls, environments, activities, saved, store, state };
};

describe('ProjectService', () => {
  test.each([
    { stepCount: 1, deferred: true, calls: [], registered: false },
    { stepCount: 0, deferred: undefined, calls: ['up shop'], registered: true },
  ])(
    'deferUnlessUpToDate with a plan of $stepCount step(s): deferred $deferred',
    async ({ stepCount, deferred, calls: expectedCalls, registered }) => {
      const { service, calls, saved } = makeService(
        async () => ({ ok: true, project: project('shop'), warnings: [] }),
        stepCount,
      );
      const result = await service.up({ ...upRequest, deferUnlessUpToDate: true });
      expect(result.deferred).toBe(deferred);
      expect(result.projectName).toBe('shop');
      expect(calls).toEqual(expectedCalls);
      expect(saved.at(-1)?.projects['shop'] !== undefined).toBe(registered);
      expect(service.projectNames()).toEqual(registered ? ['shop'] : []);
    },
  );

  test('a config with errors is refused with DEV_ERR_CONFIG and the issues; the runner is never called', async () => {
    const issue = {
      severity: 'error' as const,
      file: 'compose.yaml',
      line: 4,
      column: 7,
      path: 'services.web.image',
      message: 'must be a string',
      code: 'type',
    };
    const { service, calls, saved } = makeService(async () => ({ ok: false, issues: [issue], warnings: [] }));
    const refused = await service.up(upRequest).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(DevError);
    expect(refused).toMatchObject({
      code: 'DEV_ERR_CONFIG',
      message: 'the configuration has 1 error',
      issues: [issue],
    });
    expect(calls).toEqual([]);
    expect(saved).toEqual([]);
  });

  test('up registers the project (persisted), runs with the CLI environment, and reports failures by service', async () => {
    const { service, calls, environments, saved, store } = makeService(async () => ({
      ok: true,
      project: project('shop'),
      warnings: [],
    }));
    const result = await service.up(upRequest);
    expect(calls).toEqual(['up shop']);
    expect(environments).toEqual([{ DEBUG: '1' }]);
    expect(result.failed).toEqual([
      { serviceName: 'web', message: 'start-container service:web:1 failed: port is taken' },
    ]);
    expect(saved.at(-1)?.projects['shop']).toMatchObject({ projectName: 'shop', ref, watch: false });
    expect(store.project('shop')?.services.map((entry) => entry.serviceName)).toEqual(['db', 'web']);
  });

  test('an await-healthy step becomes "waiting on db: healthy" for its dependents', async () => {
    const { service, activities, store } = makeService(async () => ({
      ok: true,
      project: project('shop'),
      warnings: [],
    }));
    await service.up(upRequest);
    expect(activities.map((activity) => `${activity.serviceName}: ${activity.text}`)).toContain(
      'web: waiting on db: healthy',
    );
    expect(store.project('shop')?.services.find((entry) => entry.serviceName === 'web')).toMatchObject({
      state: 'waiting',
      waitingOn: 'waiting on db: healthy',
    });
  });

  test('down works by name even when the config no longer loads, and forgets the project', async () => {
    let broken = false;
    const { service, calls, state } = makeService(async () =>
      broken ? { ok: false, issues: [], warnings: [] } : { ok: true, project: project('shop'), warnings: [] },
    );
    await service.up(upRequest);
    broken = true;
    const result = await service.down({ ref: { ...ref, projectName: 'shop' }, volumes: false });
    expect(result.projectName).toBe('shop');
    expect(calls).toEqual(['up shop', 'down shop']);
    expect(state.projects).toEqual({});
  });

  test("down deletes the project's watch record (and a cut-short save's temp file); stop keeps it", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'devup-watch-records-'));
    try {
      const record = new Map([['/src/shop', new Map([['/src/shop', -493]])]]);
      await fileBaselineStore(watchRecordFile(dir, 'shop')).save(record);
      await fileBaselineStore(watchRecordFile(dir, 'shop-api')).save(record);
      await writeFile(join(dir, 'shop.json.4242.tmp'), '{}');
      const { service, calls } = makeService(async () => ({ ok: true, project: project('shop'), warnings: [] }), 1, {
        forgetWatch: (projectName) => removeWatchRecord(dir, projectName),
      });
      await service.up(upRequest);
      await service.stop({ ref, services: [] });
      expect((await readdir(dir)).sort()).toEqual(['shop-api.json', 'shop.json', 'shop.json.4242.tmp']);
      await service.down({ ref, volumes: false });
      expect(calls).toEqual(['up shop', 'stop ', 'down shop']);
      expect(await readdir(dir)).toEqual(['shop-api.json']);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('stop of an unknown service is DEV_ERR_NOT_FOUND', async () => {
    const { service } = makeService(async () => ({ ok: true, project: project('shop'), warnings: [] }));
    await expect(service.stop({ ref, services: ['nope'] })).rejects.toMatchObject({
      code: 'DEV_ERR_NOT_FOUND',
      message: 'no such service: nope',
    });
  });

  test('dry run plans without running', async () => {
    const { service, calls } = makeService(async () => ({ ok: true, project: project('shop'), warnings: [] }));
    const planned = await service.up({ ...upRequest, dryRun: true });
    expect(planned.planText).toBe('[] -> #1 service:web:1 create-container  missing');
    expect(calls).toEqual([]);
  });

  test('a project registered with watch on resumes watching when devd starts again, without an initial sync', async () => {
    const starts: { projectName: string; resumed: boolean | undefined }[] = [];
    const startWatch: StartWatch = async (context) => {
      starts.push({ projectName: context.project.name, resumed: context.resumed });
      return { stop: async () => undefined };
    };
    const load: LoadProject = async () => ({ ok: true, project: project('shop'), warnings: [] });
    const first = makeService(load, 1, { startWatch });
    await first.service.up({ ...upRequest, watch: true });
    expect(first.service.isWatching('shop')).toBe(true);

    const restarted = makeService(load, 1, { startWatch, state: structuredClone(first.state) });
    await restarted.service.adopt('shop');
    expect(restarted.service.isWatching('shop')).toBe(true);
    expect(starts).toEqual([
      { projectName: 'shop', resumed: undefined },
      { projectName: 'shop', resumed: true },
    ]);
  });

  test('a project registered with watch off is adopted without watching', async () => {
    const starts: string[] = [];
    const startWatch: StartWatch = async (context) => {
      starts.push(context.project.name);
      return { stop: async () => undefined };
    };
    const load: LoadProject = async () => ({ ok: true, project: project('shop'), warnings: [] });
    const first = makeService(load, 1, { startWatch });
    await first.service.up(upRequest);
    const restarted = makeService(load, 1, { startWatch, state: structuredClone(first.state) });
    await restarted.service.adopt('shop');
    expect(restarted.service.isWatching('shop')).toBe(false);
    expect(starts).toEqual([]);
  });

  test.each([
    { services: ['web'], calls: ['rebuild web'], error: undefined },
    { services: ['db'], calls: [], error: 'build service:db failed: no such file' },
  ])(
    'rebuild $services: each through the runner, a failed build refused',
    async ({ services, calls: expected, error }) => {
      const { service, calls } = makeService(async () => ({ ok: true, project: project('shop'), warnings: [] }));
      const outcome = await service.rebuild({ ref, services }).catch((caught: unknown) => caught);
      expect(calls).toEqual(expected);
      if (error === undefined) expect(outcome).toEqual({ projectName: 'shop', failed: [] });
      else expect(String((outcome as Error).message)).toContain(error);
    },
  );
});
