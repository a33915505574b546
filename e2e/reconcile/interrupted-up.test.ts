// Scenario: `up` killed with SIGKILL at random moments, again and again, then run to the
// end: no duplicate containers, and the stack converges (the plan after is empty).

import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { fourServiceStack, makeRunner, removeProject, uniqueProjectName } from './stack-fixture.js';

const run = promisify(execFile);
const repositoryRoot = fileURLToPath(new URL('../..', import.meta.url));
const upScript = fileURLToPath(new URL('./fixtures/run-up.mjs', import.meta.url));
const projectName = uniqueProjectName('killed');
const { engine, runner } = makeRunner(projectName);
const project = fourServiceStack(projectName);
const folder = mkdtempSync(join(tmpdir(), 'devup-e2e-killed-'));
const projectFile = join(folder, 'project.json');
const rounds = 20;

beforeAll(async () => {
  // The child process runs the built package.
  await run(join(repositoryRoot, 'node_modules/.bin/tsc'), ['-b', 'packages/daemon'], { cwd: repositoryRoot });
  writeFileSync(projectFile, JSON.stringify(project));
});

afterAll(async () => {
  await removeProject(engine, projectName);
  rmSync(folder, { recursive: true, force: true });
});

/** Starts `up` in a child process and kills it with SIGKILL after `afterMs`. */
const upKilledAfter = (afterMs: number): Promise<void> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [upScript, projectFile], { stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), afterMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });

test(`up killed at ${rounds} random moments, then run to the end, converges without duplicates`, async () => {
  // Each round changes the environment now and then, so kills also land in recreations.
  for (let round = 0; round < rounds; round++) {
    const mode = round % 3 === 0 ? `round-${round}` : 'dev';
    const api = project.services['api']!;
    writeFileSync(
      projectFile,
      JSON.stringify({ ...project, services: { ...project.services, api: { ...api, environment: { MODE: mode } } } }),
    );
    await upKilledAfter(150 + Math.floor(Math.random() * 3000));
  }
  const result = await runner.up(project, {});
  expect(result.failed).toEqual([]);
  const containers = (await runner.observe(projectName)).containers;
  expect(containers.map((container) => `${container.summary.name} ${container.summary.state}`).sort()).toEqual(
    ['api', 'cache', 'db', 'web'].map((serviceName) => `${projectName}-${serviceName}-1 running`),
  );
  expect((await runner.planUp(project, {})).steps).toEqual([]);
});
