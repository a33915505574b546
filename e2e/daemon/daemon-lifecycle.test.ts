// devd as a process: one per user, private socket, clean SIGTERM that leaves containers
// running, a damaged state file that does not stop it, and adoption after a restart.

import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { projectContainers } from '../support/docker-cli.js';
import { createSandbox, repoRoot, uniqueName, type DevSandbox } from '../support/dev-sandbox.js';
import { eventually } from '../support/eventually.js';

const projectName = uniqueName('daemon', 'life');
let sandbox: DevSandbox;
let projectDir: string;
let runDir: string;
const devd = join(repoRoot, 'packages/daemon/dist/bin/devd.js');

beforeAll(() => {
  sandbox = createSandbox(projectName);
  sandbox.track(projectName);
  runDir = join(sandbox.env['XDG_RUNTIME_DIR'] as string, 'devup');
  projectDir = sandbox.fixture('project', {
    'compose.yaml': `name: ${projectName}
services:
  app:
    image: debian:bookworm-slim
    init: true
    command: ["sh", "-c", "echo app up; exec sleep infinity"]
`,
  });
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') sandbox.keepArtifacts(`${context.task.name} failed`);
});

afterAll(async () => {
  await sandbox.dev(['down', '-t', '0'], { cwd: projectDir });
  await sandbox.cleanup();
});

const runDevd = (): Promise<{ code: number; output: string }> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, [devd], { env: sandbox.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('close', (code) => resolve({ code: code ?? -1, output }));
  });

test('two daemons started at once: one serves, the other says so and leaves', async () => {
  const results = await Promise.all([
    sandbox.dev(['daemon', 'start']),
    sandbox.dev(['daemon', 'start']),
    sandbox.dev(['daemon', 'start']),
  ]);
  expect(results.map((result) => result.code)).toEqual([0, 0, 0]);
  const pids = new Set(results.map((result) => /pid (\d+)/.exec(result.stdout)?.[1]));
  expect(pids.size).toBe(1);
  const second = await runDevd();
  expect(second).toEqual({ code: 0, output: `devd: devd is already running (pid ${sandbox.daemonPid()})\n` });
});

test('the run directory is 0700 and the socket 0600', () => {
  expect(statSync(runDir).mode & 0o777).toBe(0o700);
  expect(statSync(join(runDir, 'devd.sock')).mode & 0o777).toBe(0o600);
});

test('SIGTERM stops devd cleanly and leaves the containers running', async () => {
  const up = await sandbox.dev(['up', '-d'], { cwd: projectDir });
  expect(up.code, up.stderr).toBe(0);
  const before = projectContainers(projectName);
  const pid = sandbox.daemonPid() as number;
  process.kill(pid, 'SIGTERM');
  await eventually(() => expect(existsSync(join(runDir, 'devd.pid'))).toBe(false));
  expect(existsSync(join(runDir, 'devd.sock'))).toBe(false);
  expect(projectContainers(projectName)).toEqual(before);
  const log = readFileSync(join(sandbox.env['HOME'] as string, '.devup', 'devd.log'), 'utf8');
  expect(log).toContain('"component":"daemon"');
  expect(log).toContain('devd stopped');
});

test('a restarted daemon adopts the running project: ps and logs work again', async () => {
  const ps = await sandbox.dev(['ps', '--json'], { cwd: projectDir });
  expect(ps.code).toBe(0);
  expect(JSON.parse(ps.stdout)).toMatchObject([{ serviceName: 'app', state: 'running' }]);
  await eventually(async () =>
    expect((await sandbox.dev(['logs'], { cwd: projectDir })).stdout).toContain('app-1 | app up'),
  );
});

test('a run directory with a loose mode is tightened; a damaged state file does not stop devd', async () => {
  await sandbox.dev(['daemon', 'stop']);
  chmodSync(runDir, 0o755);
  const stateFile = join(sandbox.env['HOME'] as string, '.devup', 'state.json');
  writeFileSync(stateFile, '{"version":1,"projects":{"bro');
  const start = await sandbox.dev(['daemon', 'start']);
  expect(start.code, start.stderr).toBe(0);
  expect(statSync(runDir).mode & 0o777).toBe(0o700);
  const log = readFileSync(join(sandbox.env['HOME'] as string, '.devup', 'devd.log'), 'utf8');
  expect(log).toContain('run directory mode was too open');
  expect(log).toContain('state file was damaged');
  // The project is found again through the engine's labels.
  const status = JSON.parse((await sandbox.dev(['daemon', 'status', '--json'])).stdout) as {
    projects: { projectName: string }[];
  };
  expect(status.projects.map((project) => project.projectName)).toContain(projectName);
  const ps = JSON.parse((await sandbox.dev(['ps', '--json'], { cwd: projectDir })).stdout) as { state: string }[];
  expect(ps.map((service) => service.state)).toEqual(['running']);
});

test('dev daemon stop stops it; status then says it is not running', async () => {
  const stop = await sandbox.dev(['daemon', 'stop']);
  expect(stop.code).toBe(0);
  expect(stop.stdout).toContain('containers keep running');
  const status = await sandbox.dev(['daemon', 'status', '--json']);
  expect(status.code).toBe(1);
  expect(JSON.parse(status.stdout)).toMatchObject({ running: false });
  expect(projectContainers(projectName).map((row) => row.state)).toEqual(['running']);
});
