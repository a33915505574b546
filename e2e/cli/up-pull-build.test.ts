// dev up --pull and --no-build keep Compose's meaning, against the real engine (which
// reaches no registry): --pull never and missing run a local image without pulling; a
// missing image under never fails saying so; missing and always try the registry and fail
// naming the image; --no-build never builds, so a built service without its image fails.

import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { docker, projectContainers } from '../support/docker-cli.js';
import { createSandbox, uniqueName, type DevSandbox } from '../support/dev-sandbox.js';

const projectName = uniqueName('cli', 'pull');
const ghostProject = `${projectName}-ghost`;
const ghostImage = `${projectName}-nosuch:1`;
const appImage = `${projectName}-app`;

let sandbox: DevSandbox;
let projectDir: string;
let ghostDir: string;

const imageExists = (reference: string): boolean => docker(['image', 'ls', '-q', reference]) !== '';
const states = (name: string): string[] =>
  projectContainers(name)
    .map((row) => `${row.service}:${row.state}`)
    .sort();

beforeAll(() => {
  sandbox = createSandbox(projectName);
  sandbox.track(projectName);
  sandbox.track(ghostProject);
  projectDir = sandbox.fixture('project', {
    'compose.yaml': `name: ${projectName}
services:
  base:
    image: debian:bookworm-slim
    command: ["sleep", "infinity"]
    init: true
  app:
    build: ./app
    image: ${appImage}
    command: ["sleep", "infinity"]
    init: true
`,
    'app/Dockerfile': 'FROM debian:bookworm-slim\nRUN echo built > /built\n',
  });
  ghostDir = sandbox.fixture('ghost', {
    'compose.yaml': `name: ${ghostProject}
services:
  ghost:
    image: ${ghostImage}
    command: ["sleep", "infinity"]
`,
  });
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') sandbox.keepArtifacts(`${context.task.name} failed`);
});

afterAll(async () => {
  await sandbox.dev(['down', '-t', '0'], { cwd: projectDir });
  await sandbox.dev(['down', '-t', '0'], { cwd: ghostDir });
  await sandbox.cleanup();
  if (imageExists(appImage)) docker(['image', 'rm', '-f', appImage]);
  expect(projectContainers(projectName)).toEqual([]);
  expect(projectContainers(ghostProject)).toEqual([]);
  expect(imageExists('debian:bookworm-slim')).toBe(true);
});

describe('--pull', () => {
  test('never: the local image runs and the built service is built, nothing is pulled', async () => {
    const up = await sandbox.dev(['up', '-d', '--pull', 'never'], { cwd: projectDir });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stderr).not.toContain('pull-image');
    expect(states(projectName)).toEqual(['app:running', 'base:running']);
  });

  test('missing: with every image present nothing is pulled and nothing changes', async () => {
    const plan = await sandbox.dev(['up', '--dry-run', '--pull', 'missing'], { cwd: projectDir });
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout.trim()).toBe(`project ${projectName}: up to date, nothing to do`);
    const up = await sandbox.dev(['up', '-d', '--pull', 'missing'], { cwd: projectDir });
    expect(up.code, up.stderr).toBe(0);
  });

  test('never with an image that is not on the engine fails, saying so, and creates nothing', async () => {
    const up = await sandbox.dev(['up', '-d', '--pull', 'never'], { cwd: ghostDir });
    expect(up.code).toBe(1);
    expect(up.stderr).toContain(
      `image ${ghostImage} is not present on this engine and the pull policy is never: build or load it first`,
    );
    expect(up.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(projectContainers(ghostProject)).toEqual([]);
  });

  test('missing (the default) tries the registry for a missing image and fails naming it', async () => {
    const up = await sandbox.dev(['up', '-d'], { cwd: ghostDir });
    expect(up.code).toBe(1);
    expect(up.stderr).toContain(`pull-image image:${ghostImage} failed`);
    expect(projectContainers(ghostProject)).toEqual([]);
  });

  test('always pulls even a local image: with no registry it fails naming the image, and the local image stays', async () => {
    const up = await sandbox.dev(['up', '-d', '--pull', 'always', 'base'], { cwd: projectDir });
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('pull-image image:debian:bookworm-slim failed');
    expect(imageExists('debian:bookworm-slim')).toBe(true);
    expect(states(projectName)).toEqual(['app:running', 'base:running']);
  });

  test('a policy Compose does not know is a usage error', async () => {
    const up = await sandbox.dev(['up', '-d', '--pull', 'sometimes'], { cwd: projectDir });
    expect(up.code).toBe(2);
    expect(up.stderr).toContain('--pull must be always, missing, never, build or policy, got "sometimes"');
  });
});

describe('--no-build', () => {
  test('--build and --no-build together are refused', async () => {
    const up = await sandbox.dev(['up', '-d', '--build', '--no-build'], { cwd: projectDir });
    expect(up.code).toBe(2);
    expect(up.stderr).toContain('--build and --no-build are incompatible');
  });

  test('a built service whose image is gone is not built: its container cannot be created, and the error names the image', async () => {
    const down = await sandbox.dev(['down', '-t', '0'], { cwd: projectDir });
    expect(down.code, down.stderr).toBe(0);
    docker(['image', 'rm', '-f', appImage]);
    const up = await sandbox.dev(['up', '-d', '--no-build'], { cwd: projectDir });
    expect(up.code).toBe(1);
    expect(up.stderr).toContain(appImage);
    expect(up.stderr).not.toContain('build-image');
    expect(imageExists(appImage)).toBe(false);

    const built = await sandbox.dev(['up', '-d'], { cwd: projectDir });
    expect(built.code, built.stderr).toBe(0);
    expect(imageExists(appImage)).toBe(true);
    expect(states(projectName)).toEqual(['app:running', 'base:running']);
  });
});
