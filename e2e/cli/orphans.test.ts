// Orphans as Compose v2 treats them: a service removed from the config leaves its
// containers running; `dev up` and `dev down` warn about them and remove them only with
// --remove-orphans (or COMPOSE_REMOVE_ORPHANS=true); `dev down` without it also leaves the
// network they use. A service the config defines but a profile leaves out is not an orphan.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { docker, projectContainers } from '../support/docker-cli.js';
import { createSandbox, uniqueName, type DevSandbox } from '../support/dev-sandbox.js';

const projectName = uniqueName('cli', 'leftover');
const service = (name: string): string => `  ${name}:
    image: debian:bookworm-slim
    command: ["sleep", "infinity"]
    init: true
`;
const withBoth = `name: ${projectName}\nservices:\n${service('keep')}${service('gone')}`;
const withoutGone = `name: ${projectName}\nservices:\n${service('keep')}`;

let sandbox: DevSandbox;
let projectDir: string;

const writeCompose = (text: string): void => writeFileSync(join(projectDir, 'compose.yaml'), text);
const running = (): string[] =>
  projectContainers(projectName)
    .map((row) => `${row.service}:${row.state}`)
    .sort();
const networkExists = (): boolean =>
  docker(['network', 'ls', '-q', '--filter', `name=^${projectName}_default$`]) !== '';
const up = async (args: string[] = [], env: NodeJS.ProcessEnv = {}) => {
  const result = await sandbox.dev(['up', '-d', ...args], { cwd: projectDir, env });
  expect(result.code, result.stderr).toBe(0);
  return result;
};
const orphanWarning = `found orphan containers (${projectName}-gone-1) for this project`;

beforeAll(() => {
  sandbox = createSandbox(projectName);
  sandbox.track(projectName);
  projectDir = sandbox.fixture('project', { 'compose.yaml': withBoth });
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') sandbox.keepArtifacts(`${context.task.name} failed`);
});

afterAll(async () => {
  await sandbox.dev(['down', '--remove-orphans', '-t', '0'], { cwd: projectDir });
  await sandbox.cleanup();
  expect(projectContainers(projectName)).toEqual([]);
});

test('dev up leaves the container of a removed service running and warns, naming it and --remove-orphans', async () => {
  writeCompose(withBoth);
  await up();
  writeCompose(withoutGone);
  const again = await up();
  expect(again.stderr).toContain(`dev: warning: ${orphanWarning}`);
  expect(again.stderr).toContain('dev up --remove-orphans');
  expect(running()).toEqual(['gone:running', 'keep:running']);
});

test('COMPOSE_IGNORE_ORPHANS=true silences the warning', async () => {
  const quiet = await up([], { COMPOSE_IGNORE_ORPHANS: 'true' });
  expect(quiet.stderr).not.toContain('found orphan containers');
});

test('dev down leaves the orphan and its network in place and says so; dev down --remove-orphans removes all', async () => {
  const down = await sandbox.dev(['down', '-t', '0'], { cwd: projectDir });
  expect(down.code, down.stderr).toBe(0);
  expect(down.stderr).toContain(orphanWarning);
  expect(down.stderr).toContain('dev down --remove-orphans');
  expect(running()).toEqual(['gone:running']);
  expect(networkExists()).toBe(true);

  const all = await sandbox.dev(['down', '--remove-orphans', '-t', '0'], { cwd: projectDir });
  expect(all.code, all.stderr).toBe(0);
  expect(all.stderr).not.toContain('found orphan containers');
  expect(running()).toEqual([]);
  expect(networkExists()).toBe(false);
});

test.each([
  ['dev up --remove-orphans', ['--remove-orphans'], {}],
  ['COMPOSE_REMOVE_ORPHANS=true dev up', [], { COMPOSE_REMOVE_ORPHANS: 'true' }],
])('%s removes the container of a removed service', async (_name, args, env) => {
  writeCompose(withBoth);
  await up();
  writeCompose(withoutGone);
  const removing = await up(args, env);
  expect(removing.stderr).not.toContain('found orphan containers');
  expect(running()).toEqual(['keep:running']);
});

test('a service left out by a profile is not an orphan: up neither warns nor removes it; dev down removes it', async () => {
  writeCompose(`name: ${projectName}\nservices:\n${service('keep')}${service('extra')}    profiles: [extra]\n`);
  await up(['--remove-orphans'], { COMPOSE_PROFILES: 'extra' });
  expect(running()).toEqual(['extra:running', 'keep:running']);

  const plain = await up();
  expect(plain.stderr).not.toContain('found orphan containers');
  await up(['--remove-orphans']);
  expect(running()).toEqual(['extra:running', 'keep:running']);

  const down = await sandbox.dev(['down', '-t', '0'], { cwd: projectDir });
  expect(down.code, down.stderr).toBe(0);
  expect(down.stderr).not.toContain('found orphan containers');
  expect(running()).toEqual([]);
  expect(networkExists()).toBe(false);
});
