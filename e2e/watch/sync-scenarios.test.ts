// Saving files reaches the containers: edits, deletes, new folders, a 2,000-file burst,
// sync+restart, sync+exec, and a symlink leading out of the watched folder.

import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { eventually } from '../../packages/daemon/src/engine/eventually.js';
import { containerTreeHashes, hostTreeHashes } from './watch-fixture.js';
import { startWatchStack, type WatchStack } from './watch-stack.js';

const compose = (name: string) => `
name: ${name}
x-idle: &idle
  image: debian:bookworm-slim
  command: ["sleep", "infinity"]
  init: true
  stop_grace_period: 1s
services:
  web:
    <<: *idle
    develop:
      watch:
        - action: sync
          path: ./src
          target: /app/src
          ignore: ["*.tmp"]
  worker:
    <<: *idle
    develop:
      watch:
        - action: sync+restart
          path: ./src
          target: /app/src
  tasks:
    <<: *idle
    develop:
      watch:
        - action: sync+exec
          path: ./jobs
          target: /jobs
          exec:
            command: ["sh", "-c", "cat /jobs/job.sh > /tmp/exec-saw"]
`;

describe('watch: sync into running containers', () => {
  let stack: WatchStack;
  let failed = false;

  beforeAll(async () => {
    stack = await startWatchStack('sync', compose, {
      'src/app.py': 'print("v1")\n',
      'src/old.py': 'old\n',
      'jobs/job.sh': 'echo 1\n',
    });
  });
  afterEach((context) => {
    if (context.task.result?.state === 'fail') failed = true;
  });
  afterAll(async () => {
    if (failed && stack) console.log(`artifacts: ${stack.saveArtifacts()}`);
    await stack?.destroy();
  });

  const src = (path: string) => join(stack.folder, 'src', path);
  const activityFor = (service: string) => stack.activity.filter((line) => line.startsWith(`${service}: ${service}: `));

  test('an edit shows up inside the container', async () => {
    await writeFile(src('app.py'), 'print("v2")\n');
    await eventually(
      async () => expect((await stack.exec('web', 'cat /app/src/app.py')).stdout).toBe('print("v2")\n'),
      10_000,
    );
  });

  test('a deleted file is removed from the container', async () => {
    await writeFile(src('old.py'), 'old, synced\n');
    await eventually(
      async () => expect((await stack.exec('web', 'test -f /app/src/old.py && echo yes')).stdout).toBe('yes\n'),
      10_000,
    );
    await rm(src('old.py'));
    await eventually(
      async () => expect((await stack.exec('web', 'test -e /app/src/old.py || echo gone')).stdout).toBe('gone\n'),
      10_000,
    );
  });

  test('a new folder is created with its content', async () => {
    await mkdir(src('pkg/sub'), { recursive: true });
    await writeFile(src('pkg/sub/mod.py'), 'x = 1\n');
    await eventually(
      async () => expect((await stack.exec('web', 'cat /app/src/pkg/sub/mod.py')).stdout).toBe('x = 1\n'),
      10_000,
    );
  });

  test('sync+restart restarts only the worker', async () => {
    await stack.session.whenIdle();
    const before = {
      web: (await stack.engine.inspectContainer(await stack.containerOf('web')))?.startedAt,
      worker: (await stack.engine.inspectContainer(await stack.containerOf('worker')))?.startedAt,
    };
    await writeFile(src('restart-me.py'), 'r = 1\n');
    await eventually(async () => {
      const worker = await stack.engine.inspectContainer(await stack.containerOf('worker'));
      expect(worker?.startedAt).not.toBe(before.worker);
    }, 20_000);
    expect((await stack.exec('worker', 'cat /app/src/restart-me.py')).stdout).toBe('r = 1\n');
    expect((await stack.engine.inspectContainer(await stack.containerOf('web')))?.startedAt).toBe(before.web);
  });

  test('sync+exec runs the command after the sync', async () => {
    await writeFile(join(stack.folder, 'jobs', 'job.sh'), 'echo 2\n');
    await eventually(
      async () => expect((await stack.exec('tasks', 'cat /tmp/exec-saw')).stdout).toBe('echo 2\n'),
      10_000,
    );
  });

  test('a symlink pointing outside the watched folder is not followed', async () => {
    const outside = join(stack.folder, 'secret.txt');
    writeFileSync(outside, 'top secret\n');
    symlinkSync(outside, src('leak.txt'));
    mkdirSync(join(stack.folder, 'outside-dir'));
    writeFileSync(join(stack.folder, 'outside-dir', 'key'), 'k\n');
    symlinkSync(join(stack.folder, 'outside-dir'), src('leakdir'));
    writeFileSync(src('marker.txt'), 'after links\n');
    await eventually(
      async () => expect((await stack.exec('web', 'cat /app/src/marker.txt')).stdout).toBe('after links\n'),
      10_000,
    );
    await stack.session.whenIdle();
    const inside = await stack.exec('web', 'ls -la /app/src/; cat /app/src/leak.txt /app/src/leakdir/key 2>&1; true');
    expect(inside.stdout).not.toContain('top secret');
    expect(inside.stdout).not.toMatch(/^k$/m);
    expect(stack.activity.join('\n')).toMatch(/skipped .*leak\.txt: symlink to .* points outside the watched folder/);
    rmSync(src('leak.txt'));
    rmSync(src('leakdir'));
  });

  test('a 2,000-file burst becomes one action per service and the trees match by content hash', async () => {
    await stack.session.whenIdle();
    const webBefore = activityFor('web').length;
    const workerBefore = activityFor('worker').length;
    const startedAt = performance.now();
    for (let index = 0; index < 2000; index += 1) {
      const folder = src(`burst/d${index % 40}`);
      if (index < 40) mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `f${index}.py`), `value = ${index}\n`);
    }
    const skip = (path: string) => path === 'leak.txt' || path === 'leakdir';
    const hostHashes = await hostTreeHashes(join(stack.folder, 'src'), skip);
    await eventually(async () => {
      const web = await containerTreeHashes(
        { run: (id: string, script: string) => runIn(stack, id, script) } as never,
        await stack.containerOf('web'),
        '/app/src',
      );
      expect(web).toEqual(hostHashes);
    }, 60_000);
    const appliedMs = performance.now() - startedAt;
    await stack.session.whenIdle();
    await eventually(async () => {
      const worker = await containerTreeHashes(
        { run: (id: string, script: string) => runIn(stack, id, script) } as never,
        await stack.containerOf('worker'),
        '/app/src',
      );
      expect(worker).toEqual(hostHashes);
    }, 60_000);
    expect(activityFor('web').slice(webBefore)).toHaveLength(1);
    expect(activityFor('worker').slice(workerBefore)).toHaveLength(1);
    expect(activityFor('web').slice(webBefore)[0]).toMatch(/synced 2000 files/);
    console.log(
      `2,000-file burst visible in web after ${Math.round(appliedMs)} ms (${activityFor('web').slice(webBefore)[0]})`,
    );
  });
});

async function runIn(stack: WatchStack, containerId: string, script: string) {
  const run = await stack.engine.exec(containerId, { cmd: ['sh', '-c', script], tty: false, attachStdin: false });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  run.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  run.stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await run.exitCode;
  return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
}
