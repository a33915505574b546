import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { Project, Service, WatchRule } from '@devup/schema';
import { FakeEngine } from '../engine/fake-engine.js';
import { eventually } from '../engine/eventually.js';
import type { WatchState } from '../protocol/messages.js';
import { WatchSession } from './watch-session.js';
import { makeService } from '../reconcile/test-projects.js';

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
    return {
      name: 'p',
      working_dir: base,
      config_files: [join(base, 'compose.yaml')],
      services: {
        web: service('web', [
          { action: 'sync', path: join(base, 'src'), target: '/app/src', ignore: [], include: [] },
          { action: 'rebuild', path: join(base, 'Dockerfile'), ignore: [], include: [] },
        ]),
        worker: service('worker', [], { reload: [], restart_on: [join(base, 'lib')] }),
      },
      networks: {},
      volumes: {},
      secrets: {},
      configs: {},
      profiles_enabled: [],
      extensions: {},
      dev: { production: [] },
    };
  }

  async function start(rebuild: (serviceName: string) => Promise<void> = async () => {}): Promise<WatchSession> {
    session = new WatchSession({
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
});
