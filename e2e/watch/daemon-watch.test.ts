// Watching through the real `dev` CLI and devd: `dev up -d` watches a project with
// develop.watch sync rules, its watch state streams and shows in `dev ps --json`, `dev
// watch` follows (and turns on) watching, Ctrl-C leaves devd watching, devd killed and
// started again resumes watching without another `dev up` (and applies the edits made
// while it was stopped), `--no-watch` and `dev down`
// leave nothing watched; `dev down` also deletes the project's watch record.

import { existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { openStream } from '../../packages/daemon/src/client/index.js';
import type { ServiceStatus, WatchState } from '../../packages/daemon/src/protocol/messages.js';
import { docker, projectContainers } from '../support/docker-cli.js';
import { createSandbox, uniqueName, type DevSandbox } from '../support/dev-sandbox.js';
import { eventually } from '../support/eventually.js';

const projectName = uniqueName('watch', 'devd');
let sandbox: DevSandbox;
let projectDir: string;
let socketPath: string;

beforeAll(() => {
  sandbox = createSandbox(projectName);
  sandbox.track(projectName);
  socketPath = join(sandbox.env['XDG_RUNTIME_DIR'] as string, 'devup', 'devd.sock');
  projectDir = sandbox.fixture('project', {
    'compose.yaml': `name: ${projectName}
services:
  app:
    image: debian:bookworm-slim
    init: true
    command: ["sleep", "infinity"]
    stop_grace_period: 1s
    develop:
      watch:
        - action: sync
          path: ./src
          target: /app/src
          initial_sync: true
`,
    'src/hello.txt': 'hello 0\n',
  });
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') sandbox.keepArtifacts(`${context.task.name} failed`);
});

afterAll(async () => {
  await sandbox.dev(['down', '-t', '0'], { cwd: projectDir });
  await sandbox.cleanup();
});

const edit = (file: string, content: string): void => writeFileSync(join(projectDir, 'src', file), content);

const containerName = (): string => {
  const rows = projectContainers(projectName).filter((row) => row.service === 'app' && row.state === 'running');
  expect(rows).toHaveLength(1);
  return rows[0]?.name as string;
};

const catInContainer = (file: string): string => {
  try {
    return docker(['exec', containerName(), 'cat', `/app/src/${file}`]);
  } catch (error) {
    return `(missing: ${String(error)})`;
  }
};

const expectSynced = (file: string, content: string, timeoutMs = 15_000): Promise<void> =>
  eventually(() => expect(catInContainer(file)).toBe(content.trim()), timeoutMs, 100);

/** Holds for the whole window: for "nothing happens" checks (a batch is sent within 500 ms). */
const consistently = async (check: () => void | Promise<void>, windowMs: number): Promise<void> => {
  const until = Date.now() + windowMs;
  while (Date.now() < until) {
    await check();
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await check();
};

const appWatch = async (): Promise<WatchState['kind'] | undefined> => {
  const ps = await sandbox.dev(['ps', '--json'], { cwd: projectDir });
  expect(ps.code, ps.stderr).toBe(0);
  return (JSON.parse(ps.stdout) as ServiceStatus[]).find((service) => service.serviceName === 'app')?.watch.kind;
};

const daemonWatching = async (): Promise<boolean | undefined> => {
  const status = await sandbox.dev(['daemon', 'status', '--json']);
  expect(status.code, status.stderr).toBe(0);
  const parsed = JSON.parse(status.stdout) as { projects: { projectName: string; watch: boolean }[] };
  return parsed.projects.find((project) => project.projectName === projectName)?.watch;
};

test('dev up -d watches: an edit reaches the container, the watch state streams and shows in dev ps --json', async () => {
  const up = await sandbox.dev(['up', '-d'], { cwd: projectDir });
  expect(up.code, up.stderr).toBe(0);
  await expectSynced('hello.txt', 'hello 0\n');
  expect(await daemonWatching()).toBe(true);

  const states: WatchState['kind'][] = [];
  const activities: string[] = [];
  const stream = openStream(
    { projectName, logs: false },
    {
      onMessage: (message) => {
        if (message.type === 'service' && message.status.serviceName === 'app') states.push(message.status.watch.kind);
        if (message.type === 'activity' && message.activity.kind === 'watch') activities.push(message.activity.text);
      },
    },
    { socketPath },
  );
  try {
    await stream.ready;
    edit('hello.txt', 'hello 1\n');
    await expectSynced('hello.txt', 'hello 1\n');
    await eventually(() => expect(states).toEqual(expect.arrayContaining(['syncing', 'in-sync'])), 10_000);
    await eventually(() => expect(activities.some((text) => /^app: synced 1 file/.test(text))).toBe(true), 10_000);
  } finally {
    stream.close();
  }
  expect(['watching', 'in-sync']).toContain(await appWatch());
}, 180_000);

test('dev watch prints a sync line after an edit; Ctrl-C leaves devd watching', async () => {
  const follow = sandbox.spawnDev(['watch'], { cwd: projectDir });
  const exited = new Promise((resolve) => follow.child.once('close', resolve));
  try {
    await eventually(() => expect(follow.output()).toContain('watching app'), 60_000);
    edit('watched.txt', 'seen by dev watch\n');
    await eventually(() => expect(follow.output()).toMatch(/^app: synced 1 file in \d+ ms/m), 15_000);
    await expectSynced('watched.txt', 'seen by dev watch\n');
  } finally {
    follow.child.kill('SIGINT');
    await exited;
  }
  expect(await daemonWatching()).toBe(true);
  edit('after-ctrl-c.txt', 'still watched\n');
  await expectSynced('after-ctrl-c.txt', 'still watched\n');
}, 180_000);

test('devd killed with -9 and started again resumes watching without another dev up', async () => {
  const pid = sandbox.daemonPid();
  expect(pid).toBeGreaterThan(0);
  process.kill(pid as number, 'SIGKILL');
  await eventually(() => expect(() => process.kill(pid as number, 0)).toThrow(), 10_000);

  const start = await sandbox.dev(['daemon', 'start']);
  expect(start.code, start.stderr).toBe(0);
  expect(sandbox.daemonPid()).not.toBe(pid);
  await eventually(async () => expect(await daemonWatching()).toBe(true), 20_000, 250);
  edit('hello.txt', 'hello after restart\n');
  await expectSynced('hello.txt', 'hello after restart\n', 20_000);
  expect(['watching', 'in-sync']).toContain(await appWatch());
}, 180_000);

test('dev daemon stop, then any dev command: watching resumes', async () => {
  const stop = await sandbox.dev(['daemon', 'stop']);
  expect(stop.code, stop.stderr).toBe(0);
  expect(containerName()).toContain(projectName);
  await eventually(async () => expect(['watching', 'in-sync']).toContain(await appWatch()), 20_000, 250);
  edit('hello.txt', 'hello after stop\n');
  await expectSynced('hello.txt', 'hello after stop\n', 20_000);
}, 180_000);

test('edits made while devd was stopped reach the container once it starts again; unchanged files are not sent again', async () => {
  await eventually(async () => expect(['watching', 'in-sync']).toContain(await appWatch()), 20_000, 250);
  // Changed in the container only: a full re-sync would overwrite it.
  docker(['exec', containerName(), 'sh', '-c', 'echo container only > /app/src/hello.txt']);
  const stop = await sandbox.dev(['daemon', 'stop']);
  expect(stop.code, stop.stderr).toBe(0);

  edit('watched.txt', 'edited while devd was stopped\n');
  edit('offline-new.txt', 'added while devd was stopped\n');
  mkdirSync(join(projectDir, 'src', 'offline-dir', 'deeper'), { recursive: true });
  edit('offline-dir/deeper/inner.txt', 'in a new folder\n');
  rmSync(join(projectDir, 'src', 'after-ctrl-c.txt'));

  const start = await sandbox.dev(['daemon', 'start']);
  expect(start.code, start.stderr).toBe(0);
  await expectSynced('watched.txt', 'edited while devd was stopped\n', 30_000);
  await expectSynced('offline-new.txt', 'added while devd was stopped\n', 30_000);
  await expectSynced('offline-dir/deeper/inner.txt', 'in a new folder\n', 30_000);
  await eventually(() => expect(catInContainer('after-ctrl-c.txt')).toMatch(/^\(missing/), 30_000, 100);
  expect(catInContainer('hello.txt')).toBe('container only');
  docker(['exec', containerName(), 'sh', '-c', 'echo hello after stop > /app/src/hello.txt']);
}, 180_000);

test('dev up --no-watch does not watch; dev watch turns watching on again', async () => {
  const up = await sandbox.dev(['up', '-d', '--no-watch'], { cwd: projectDir });
  expect(up.code, up.stderr).toBe(0);
  expect(up.stderr).toContain('not watching');
  expect(await daemonWatching()).toBe(false);
  expect(await appWatch()).toBe('off');
  edit('hello.txt', 'hello unwatched\n');
  await consistently(() => expect(catInContainer('hello.txt')).toBe('hello after stop'), 2_000);

  const follow = sandbox.spawnDev(['watch'], { cwd: projectDir });
  const exited = new Promise((resolve) => follow.child.once('close', resolve));
  try {
    await eventually(() => expect(follow.output()).toContain('watching app'), 60_000);
    await expectSynced('hello.txt', 'hello unwatched\n');
    expect(await daemonWatching()).toBe(true);
  } finally {
    follow.child.kill('SIGINT');
    await exited;
  }
}, 180_000);

test("dev down stops watching and deletes the project's watch record", async () => {
  const record = join(sandbox.env['HOME'] as string, '.devup', 'watch', `${projectName}.json`);
  expect(existsSync(record)).toBe(true);
  const down = await sandbox.dev(['down', '-t', '0'], { cwd: projectDir });
  expect(down.code, down.stderr).toBe(0);
  expect(existsSync(record)).toBe(false);
  expect(await daemonWatching()).toBeUndefined();
  expect(projectContainers(projectName)).toEqual([]);
  edit('hello.txt', 'hello after down\n');
  // A watcher left behind would report into devd's log; the project is gone from devd.
  await consistently(async () => expect(await daemonWatching()).toBeUndefined(), 1_000);
}, 60_000);
