// A rebuild rule: a Dockerfile change builds a new image and replaces the container; a
// broken Dockerfile keeps the old container running and the error reaches the activity
// stream; a file saved during the build is synced afterwards.

import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventually } from '../../packages/daemon/src/engine/eventually.js';
import { startWatchStack, type WatchStack } from './watch-stack.js';

const run = promisify(execFile);

const compose = (name: string) => `
name: ${name}
services:
  api:
    build: ./api
    command: ["sleep", "infinity"]
    init: true
    stop_grace_period: 1s
    develop:
      watch:
        - action: rebuild
          path: ./api/Dockerfile
        - action: sync
          path: ./api/src
          target: /srv/src
`;

const dockerfile = (version: string) => `FROM debian:bookworm-slim\nRUN echo ${version} > /version\n`;

describe('watch: rebuild', () => {
  let stack: WatchStack;
  const images = new Set<string>();

  beforeAll(async () => {
    stack = await startWatchStack('rebuild', compose, {
      'api/Dockerfile': dockerfile('v1'),
      'api/src/main.py': 'main = 1\n',
    });
  });
  afterAll(async () => {
    const imageRef = `${stack?.projectName}-api`;
    const image = await stack?.engine.inspectImage(imageRef);
    if (image) images.add(image.id);
    await stack?.destroy();
    if (images.size > 0) await run('docker', ['rmi', '--force', ...images]).catch(() => undefined);
  });

  const apiState = () => stack.states.api?.at(-1);

  test('a Dockerfile change replaces the container', async () => {
    const before = await stack.containerOf('api');
    const oldImage = await stack.engine.inspectImage(`${stack.projectName}-api`);
    if (oldImage) images.add(oldImage.id);
    await writeFile(join(stack.folder, 'api', 'Dockerfile'), dockerfile('v2'));
    await eventually(async () => expect((await stack.exec('api', 'cat /version')).stdout).toBe('v2\n'), 120_000);
    expect(await stack.containerOf('api')).not.toBe(before);
    await eventually(() => expect(apiState()?.kind).toBe('in-sync'), 30_000);
    expect(stack.states.api?.map((state) => state.kind)).toContain('rebuilding');
    expect(stack.states.api?.filter((state) => state.kind === 'failed')).toEqual([]);
  });

  test('a broken Dockerfile keeps the old container; the error is reported; a save during the build is synced after', async () => {
    const before = await stack.containerOf('api');
    const seenStates = stack.states.api?.length ?? 0;
    const image = await stack.engine.inspectImage(`${stack.projectName}-api`);
    if (image) images.add(image.id);
    await writeFile(
      join(stack.folder, 'api', 'Dockerfile'),
      `${dockerfile('v3')}RUN sleep 2 && echo "broken step" && exit 7\n`,
    );
    await eventually(() => expect(apiState()?.kind).toBe('rebuilding'), 30_000);
    await writeFile(join(stack.folder, 'api', 'src', 'main.py'), 'main = 2\n');
    const newStates = () => stack.states.api?.slice(seenStates) ?? [];
    await eventually(() => expect(newStates().some((state) => state.kind === 'failed')).toBe(true), 120_000);
    const failure = newStates().find((state) => state.kind === 'failed');
    expect(failure).toMatchObject({
      kind: 'failed',
      reason: expect.stringMatching(/rebuild failed; the running container was kept: .*non-zero code: 7/),
    });
    expect(stack.activity.join('\n')).toMatch(/api: rebuild failed; the running container was kept/);
    expect(await stack.containerOf('api')).toBe(before);
    expect((await stack.exec('api', 'cat /version')).stdout).toBe('v2\n');
    await eventually(
      async () => expect((await stack.exec('api', 'cat /srv/src/main.py')).stdout).toBe('main = 2\n'),
      30_000,
    );
  });
});
