import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { listTarEntries, createTarFromFiles } from '../archive/tar-context.js';
import { FakeEngine } from '../engine/fake-engine.js';
import { formatPlan } from '../reconcile/format-plan.js';
import { ProjectRunner, type RunnerEvent } from '../reconcile/project-runner.js';
import { makeProject, makeService } from '@devup/schema/testing';
import { hashBuildInput } from './build-hash.js';
import { listContextFiles } from './context-files.js';

let contextDir: string;

beforeEach(async () => {
  contextDir = await mkdtemp(join(tmpdir(), 'devup-build-'));
  await writeFile(join(contextDir, 'Dockerfile'), 'FROM debian:bookworm-slim\nCOPY . /app\n');
  await writeFile(join(contextDir, '.dockerignore'), 'node_modules\n*.log\nDockerfile\n');
  await mkdir(join(contextDir, 'node_modules/lib'), { recursive: true });
  await writeFile(join(contextDir, 'node_modules/lib/index.js'), 'x');
  await mkdir(join(contextDir, 'src'));
  await writeFile(join(contextDir, 'src/app.py'), 'print(1)\n');
  await writeFile(join(contextDir, 'debug.log'), 'noise');
});

afterEach(async () => {
  await rm(contextDir, { recursive: true, force: true });
});

const builtProject = () =>
  makeProject('b', [
    makeService('web', {
      image: undefined,
      build: { context: contextDir, dockerfile: 'Dockerfile', args: { MODE: 'dev', UNSET: null }, labels: {} },
    }),
  ]);

describe('build context', () => {
  test('.dockerignore applies, but the Dockerfile and .dockerignore are always sent', async () => {
    const entries = await listContextFiles(contextDir, 'Dockerfile');
    expect(await listTarEntries(createTarFromFiles(entries))).toEqual([
      '.dockerignore',
      'Dockerfile',
      'src',
      'src/app.py',
    ]);
  });

  test('a Dockerfile outside the context is sent inside it under its own name', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'devup-dockerfile-'));
    await writeFile(join(outside, 'web.Dockerfile'), 'FROM debian:bookworm-slim\n');
    const entries = await listContextFiles(contextDir, join(outside, 'web.Dockerfile'));
    expect(await listTarEntries(createTarFromFiles(entries))).toEqual([
      '.dockerignore',
      'src',
      'src/app.py',
      '.devup.Dockerfile',
    ]);
    await rm(outside, { recursive: true, force: true });
  });

  test('the build hash follows content, args and target, not ignored files', async () => {
    const hash = async (args: Record<string, string> = {}, target?: string) =>
      hashBuildInput(await listContextFiles(contextDir, 'Dockerfile'), {
        dockerfile: 'Dockerfile',
        args,
        ...(target ? { target } : {}),
      });
    const first = await hash();
    await writeFile(join(contextDir, 'debug.log'), 'more noise');
    expect(await hash()).toBe(first);
    expect(await hash({ A: '1' })).not.toBe(first);
    expect(await hash({}, 'dev')).not.toBe(first);
    await writeFile(join(contextDir, 'src/app.py'), 'print(2)\n');
    expect(await hash()).not.toBe(first);
  });
});

describe('builds through up', () => {
  const setup = () => {
    const engine = new FakeEngine({ knownImages: (reference) => reference !== 'b-web' });
    const events: RunnerEvent[] = [];
    const runner = new ProjectRunner(engine, (event) => events.push(event), { environment: {}, pollIntervalMs: 1 });
    return { engine, events, runner };
  };

  test('a missing image is built with args and the build hash label; an unchanged context is not rebuilt', async () => {
    const { engine, events, runner } = setup();
    const project = builtProject();
    const first = await runner.up(project, {});
    expect(first.planText).toMatchInlineSnapshot(`
      "[] -> #1 network:b_default create-network  missing
      [] -> #2 image:b-web build-image  image missing
      [1,2] -> #3 service:web:1 create-container  missing
      [3] -> #4 service:web:1 start-container  created"
    `);
    expect(engine.callsOf('build-image').map((call) => call.detail?.['args'])).toEqual([{ MODE: 'dev' }]);
    expect(engine.images.get('b-web')?.labels['dev.devup.build-hash']).toMatch(/^[0-9a-f]{64}$/);
    expect(events.some((event) => event.kind === 'build' && event.serviceName === 'web')).toBe(true);
    expect(formatPlan(await runner.planUp(project, { build: true }))).toBe('project b: up to date, nothing to do');
  });

  test('a changed context with --build rebuilds and recreates', async () => {
    const { runner } = setup();
    const project = builtProject();
    await runner.up(project, {});
    await writeFile(join(contextDir, 'src/app.py'), 'print(2)\n');
    expect(formatPlan(await runner.planUp(project, {}))).toBe('project b: up to date, nothing to do');
    expect((await runner.up(project, { build: true })).planText).toMatchInlineSnapshot(`
      "[] -> #1 image:b-web build-image  build input changed
      [1] -> #2 service:web:1 recreate-container  image rebuilt
      [2] -> #3 service:web:1 start-container  recreated"
    `);
    expect(formatPlan(await runner.planUp(project, {}))).toBe('project b: up to date, nothing to do');
  });

  test('a failed rebuild leaves the running container alone and shows the build error', async () => {
    const { engine, runner, events } = setup();
    const project = builtProject();
    await runner.up(project, {});
    const runningId = engine.containerByName('b-web-1')?.id;
    await writeFile(join(contextDir, 'src/app.py'), 'syntax error(\n');
    engine.buildFailures.set(
      'b-web',
      "The command '/bin/sh -c python3 -m compileall /app' returned a non-zero code: 1",
    );
    await expect(runner.rebuildService(project, 'web')).rejects.toThrow(
      /build-image image:b-web failed: The command .* returned a non-zero code: 1/,
    );
    expect(engine.containerByName('b-web-1')).toMatchObject({ id: runningId, state: 'running' });
    expect(events.filter((event) => event.kind === 'error').map((event) => event.text)).toEqual([
      "build-image image:b-web failed: The command '/bin/sh -c python3 -m compileall /app' returned a non-zero code: 1",
      'not run: build-image image:b-web failed',
      'not run: recreate-container service:web:1 failed',
    ]);
  });

  test('services sharing one built image build it once, before any of them is created', async () => {
    const { engine, runner } = setup();
    const build = { context: contextDir, dockerfile: 'Dockerfile', args: {}, labels: {} };
    const project = makeProject('b', [
      makeService('web', { image: 'b-web', build }),
      makeService('worker', { image: 'b-web', build }),
      makeService('beat', { image: 'b-web' }),
    ]);
    expect((await runner.up(project, {})).planText).toMatchInlineSnapshot(`
      "[] -> #1 network:b_default create-network  missing
      [] -> #2 image:b-web build-image  image missing
      [1,2] -> #3 service:beat:1 create-container  missing
      [3] -> #4 service:beat:1 start-container  created
      [1,2] -> #5 service:web:1 create-container  missing
      [5] -> #6 service:web:1 start-container  created
      [1,2] -> #7 service:worker:1 create-container  missing
      [7] -> #8 service:worker:1 start-container  created"
    `);
    expect(engine.callsOf('build-image')).toHaveLength(1);
  });

  test('dev build skips an unchanged input unless asked for no cache', async () => {
    const { engine, runner } = setup();
    const project = builtProject();
    await runner.build(project, []);
    await runner.build(project, []);
    expect(engine.callsOf('build-image')).toHaveLength(1);
    await runner.build(project, ['web'], { noCache: true });
    expect(engine.callsOf('build-image')).toHaveLength(2);
  });
});
