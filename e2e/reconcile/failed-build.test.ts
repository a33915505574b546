// Scenario: a rebuild that fails leaves the running container alone and shows the build
// error; a later good rebuild swaps the container; an unchanged context is not rebuilt.

import { cp, mkdtemp, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { makeProject } from '../../packages/schema/src/testing/index.js';
import { appContext, appService, makeRunner, removeProject, uniqueProjectName } from './stack-fixture.js';

const projectName = uniqueProjectName('build');
const { engine, runner, events } = makeRunner(projectName);
let contextDir: string;
const imageRef = `${projectName}-web`;
const builtImageIds: string[] = [];
const run = promisify(execFile);
const rememberImage = async () => {
  const image = await engine.inspectImage(imageRef);
  if (image) builtImageIds.push(image.id);
};

beforeAll(async () => {
  contextDir = await mkdtemp(join(tmpdir(), 'devup-e2e-build-'));
  await cp(appContext, contextDir, { recursive: true });
  await writeFile(join(contextDir, '.dockerignore'), 'scratch.txt\n');
});

afterAll(async () => {
  await removeProject(engine, projectName);
  // The images this scenario built (the first one is dangling after the rebuild).
  await run('docker', ['rmi', '--force', ...builtImageIds]).catch(() => undefined);
  await rm(contextDir, { recursive: true, force: true });
});

test('a failed rebuild leaves the running container alone and shows the build error', async () => {
  const project = makeProject(projectName, [
    appService('web', {
      image: undefined,
      build: { context: contextDir, dockerfile: 'Dockerfile', args: { GREETING: 'hi' }, labels: {} },
    }),
  ]);
  expect((await runner.up(project, {})).failed).toEqual([]);
  await rememberImage();
  const running = await engine.inspectContainer(`${projectName}-web-1`);
  expect(running?.state).toBe('running');

  // An ignored file changes nothing.
  await writeFile(join(contextDir, 'scratch.txt'), 'notes');
  expect((await runner.planUp(project, { build: true })).steps).toEqual([]);

  await appendFile(join(contextDir, 'Dockerfile'), 'RUN echo "compiling" && exit 3\n');
  await expect(runner.rebuildService(project, 'web')).rejects.toThrow(
    /build-image image:.*-web failed: .*returned a non-zero code: 3/,
  );
  expect(events.some((event) => event.kind === 'build' && event.text.includes('compiling'))).toBe(true);
  expect(await engine.inspectContainer(`${projectName}-web-1`)).toMatchObject({ id: running?.id, state: 'running' });

  await writeFile(
    join(contextDir, 'Dockerfile'),
    'FROM debian:bookworm-slim\nCOPY serve.pl /usr/local/bin/serve.pl\nRUN echo fixed > /fixed\nCMD ["perl", "/usr/local/bin/serve.pl", "8000", "app"]\n',
  );
  await runner.rebuildService(project, 'web');
  await rememberImage();
  const swapped = await engine.inspectContainer(`${projectName}-web-1`);
  expect(swapped?.state).toBe('running');
  expect(swapped?.id).not.toBe(running?.id);
  expect((await runner.planUp(project, { build: true })).steps).toEqual([]);
});
