import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Project, Service, WatchRule } from '@devup/schema';
import { FakeEngine } from '../engine/fake-engine.js';
import { eventually } from '../engine/eventually.js';
import type { WatchState } from '../protocol/messages.js';
import type { WatchBaselines, WatchBaselineStore } from './watch-baseline.js';
import { WatchSession } from './watch-session.js';
import { makeProject, makeService } from '@devup/schema/testing';

function service(name: string, watch: WatchRule[], dev: Service['dev'] = { reload: [], restart_on: [] }): Service {
  return makeService(name, { image: 'debian:bookworm-slim', develop: { watch }, dev });
}

describe('WatchSession (fake engine, real folder)', () => {
  let base: string;
  let engine: FakeEngine;
  let session: WatchSession | undefined;
  let states: Record<string, WatchState[]>;
  let activity: string[];
  const containers: Record<string, string> = {};

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'watch-session-'));
    await mkdir(join(base, 'src'));
    await mkdir(join(base, 'lib'));
    await writeFile(join(base, 'Dockerfile'), 'FROM debian:bookworm-slim\n');
    engine = new FakeEngine();
    states = {};
    activity = [];
    for (const name of ['web', 'worker']) {
      containers[name] = await engine.createContainer({
        name: `p-${name}-1`,
        image: 'debian:bookworm-slim',
        labels: {},
        env: [],
        tty: false,
        openStdin: false,
        exposedPorts: [],
        host: { binds: [], mounts: [], portBindings: {}, extraHosts: [] },
      });
      await engine.startContainer(containers[name]!);
    }
  });
  afterEach(async () => {
    await session?.stop();
    await rm(base, { recursive: true, force: true });
  });

  function project(): Project {
    return makeProject(
      'p',
      [
        service('web', [
          { action: 'sync', path: join(base, 'src'), target: '/app/src', ignore: [], include: [] },
          { action: 'rebuild', path: join(base, 'Dockerfile'), ignore: [], include: [] },
        ]),
        service('worker', [], { reload: [], restart_on: [join(base, 'lib')] }),
      ],
      { working_dir: base, config_files: [join(base, 'compose.yaml')] },
    );
  }

  async function start(
    rebuild: (serviceName: string) => Promise<void> = async () => {},
    extra: { baseline?: WatchBaselineStore; skipInitialSync?: boolean } = {},
  ): Promise<WatchSession> {
    session = new WatchSession({
      ...extra,
      engine,
      project: project(),
      containersFor: async (serviceName) => [containers[serviceName]!],
      rebuild,
      onState: (serviceName, state) => (states[serviceName] ??= []).push(state),
      onActivity: (text) => activity.push(text),
      syncChannel: 'archive',
    });
    await session.start();
    return session;
  }

  const kinds = (serviceName: string) => (states[serviceName] ?? []).map((state) => state.kind);

  test('an edit syncs into the container and the state goes watching -> syncing -> in-sync', async () => {
    await start();
    await writeFile(join(base, 'src', 'app.py'), 'print(1)\n');
    await eventually(() => expect(kinds('web')).toEqual(['watching', 'syncing', 'in-sync']));
    expect(engine.callsOf('put-archive')).toHaveLength(1);
    expect(activity.join('\n')).toMatch(/web: synced 1 file in \d+ ms/);
  });

  test('a change in a restart_on folder restarts the dependent only', async () => {
    await start();
    await writeFile(join(base, 'lib', 'util.py'), 'x = 1\n');
    await eventually(() => expect(kinds('worker')).toEqual(['watching', 'in-sync']));
    expect(engine.callsOf('restart-container').map((call) => call.target)).toEqual(['p-worker-1']);
    expect(kinds('web')).toEqual(['watching']);
  });

  test('a failed rebuild keeps the container and reports; changes during the build are applied after', async () => {
    let finishBuild: (error?: Error) => void = () => {};
    await start(
      () =>
        new Promise<void>((resolve, reject) => {
          finishBuild = (error) => (error ? reject(error) : resolve());
        }),
    );
    await writeFile(join(base, 'Dockerfile'), 'FROM nothing-here\n');
    await eventually(() => expect(kinds('web')).toContain('rebuilding'));
    await writeFile(join(base, 'src', 'during-build.py'), 'y = 2\n');
    await eventually(() => expect(activity.join('\n')).toMatch(/rebuilding web/));
    finishBuild(new Error('pull access denied for nothing-here'));
    await eventually(() => expect(kinds('web')).toEqual(['watching', 'rebuilding', 'failed', 'syncing', 'in-sync']));
    expect(states.web?.[2]).toEqual({
      kind: 'failed',
      reason: 'rebuild failed; the running container was kept: pull access denied for nothing-here',
    });
    expect(engine.callsOf('remove-container')).toEqual([]);
    expect(engine.callsOf('put-archive')).toHaveLength(1);
  });

  test('resumed with a record, it applies what changed while not watching, and only that', async () => {
    for (let index = 0; index < 20; index += 1) await writeFile(join(base, 'src', `same${index}.py`), 'same\n');
    await writeFile(join(base, 'src', 'app.py'), 'v = 1\n');
    await writeFile(join(base, 'src', 'old.py'), 'old\n');
    await writeFile(join(base, 'lib', 'util.py'), 'x = 1\n');
    let saved: WatchBaselines | undefined;
    const store: WatchBaselineStore = {
      load: async () => saved,
      save: async (baselines) => void (saved = baselines),
    };
    await start(undefined, { baseline: store });
    await eventually(() => expect(saved?.get(join(base, 'src'))?.has(join(base, 'src', 'old.py'))).toBe(true));
    await session!.stop();
    session = undefined;
    const callsBefore = engine.callsOf('put-archive').length;

    await writeFile(join(base, 'src', 'app.py'), 'v = 2, edited while not watching\n');
    await writeFile(join(base, 'src', 'added.py'), 'new\n');
    await rm(join(base, 'src', 'old.py'));
    await writeFile(join(base, 'lib', 'util.py'), 'x = 2, changed\n');
    activity = [];
    states = {};
    await start(undefined, { baseline: store, skipInitialSync: true });
    await eventually(() => {
      expect(activity.join('\n')).toMatch(/web: synced 2 files, removed 1 in/);
      expect(kinds('worker')).toEqual(['watching', 'in-sync']);
    });
    expect(engine.callsOf('put-archive')).toHaveLength(callsBefore + 1);
    expect(engine.callsOf('exec').map((call) => call.detail?.['cmd'])).toContainEqual([
      'rm',
      '-rf',
      '--',
      '/app/src/old.py',
    ]);
    expect(engine.callsOf('restart-container').map((call) => call.target)).toEqual(['p-worker-1']);
    // The record now holds the tree as it is.
    await eventually(() => expect(saved?.get(join(base, 'src'))?.has(join(base, 'src', 'added.py'))).toBe(true));
  });

  test('resumed without a record, it says so and sends nothing', async () => {
    await writeFile(join(base, 'src', 'app.py'), 'v = 1\n');
    const store: WatchBaselineStore = { load: async () => undefined, save: async () => {} };
    await start(undefined, { baseline: store, skipInitialSync: true });
    expect(activity.join('\n')).toMatch(/no record of .*src from before devd restarted/);
    await session!.whenIdle();
    expect(engine.callsOf('put-archive')).toEqual([]);
  });
});
