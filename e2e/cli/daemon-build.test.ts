// Scenario: a devd left running from another build of devup (same version string) is
// restarted by the next command when it runs nothing, so the user never meets its
// refusals of fields it does not know; while it runs a command (here an open exec) it is
// left alone and the user is told what to run. "Another build" is a devd started with
// DEVUP_BUILD_ID set, the override devd and dev both honour.

import { spawn } from 'node:child_process';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { projectContainers } from '../support/docker-cli.js';
import { createSandbox, devBinary, uniqueName, type DevSandbox } from '../support/dev-sandbox.js';
import { eventually } from '../support/eventually.js';

const projectName = uniqueName('cli', 'build');
const olderBuild = { DEVUP_BUILD_ID: 'e2e-older-build' };

let sandbox: DevSandbox;
let projectDir: string;

interface StatusJson {
  pid: number;
  buildId?: string;
  commandsRunning?: number;
}

const daemonStatus = async (env: NodeJS.ProcessEnv = {}): Promise<StatusJson> =>
  JSON.parse((await sandbox.dev(['daemon', 'status', '--json'], { env })).stdout) as StatusJson;

beforeAll(() => {
  sandbox = createSandbox(projectName);
  sandbox.track(projectName);
  projectDir = sandbox.fixture('project', {
    'compose.yaml': `name: ${projectName}
services:
  shell:
    image: debian:bookworm-slim
    command: ["sleep", "infinity"]
    init: true
`,
  });
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') sandbox.keepArtifacts(`${context.task.name} failed`);
});

afterAll(async () => {
  await sandbox.dev(['down'], { cwd: projectDir });
  await sandbox.cleanup();
  expect(projectContainers(projectName)).toEqual([]);
});

test('devd reports its build id and what it is running in its status', async () => {
  const start = await sandbox.dev(['daemon', 'start']);
  expect(start.code, start.stderr).toBe(0);
  const status = await daemonStatus();
  expect(status.buildId).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{8}$/);
  expect(status.commandsRunning).toBe(0);
  expect((await sandbox.dev(['daemon', 'stop'])).code).toBe(0);
});

test('an idle devd of another build is restarted by the next command, which then succeeds', async () => {
  expect((await sandbox.dev(['daemon', 'start'], { env: olderBuild })).code).toBe(0);
  const older = await daemonStatus(olderBuild);
  expect(older.buildId).toBe('e2e-older-build');

  const up = await sandbox.dev(['up', '-d'], { cwd: projectDir });
  expect(up.code, up.stderr).toBe(0);
  expect(up.stderr).toContain(
    `dev: restarted devd (devd (pid ${older.pid}) runs build e2e-older-build, this dev is build`,
  );
  expect(up.stderr).not.toContain('DEV_ERR_');
  const current = await daemonStatus();
  expect(current.pid).not.toBe(older.pid);
  expect(current.buildId).toMatch(/^\d+\.\d+\.\d+\+[0-9a-f]{8}$/);
  expect(projectContainers(projectName).map((row) => row.state)).toEqual(['running']);

  // The same build again: no restart.
  const ps = await sandbox.dev(['ps'], { cwd: projectDir });
  expect(ps.stderr).toBe('');
  expect((await daemonStatus()).pid).toBe(current.pid);
});

test('a devd of another build that is running an exec is left alone; the user is told what to run', async () => {
  expect((await sandbox.dev(['daemon', 'stop'])).code).toBe(0);
  expect((await sandbox.dev(['daemon', 'start'], { env: olderBuild })).code).toBe(0);
  const older = await daemonStatus(olderBuild);
  // An exec through the older devd, kept open.
  const exec = spawn(process.execPath, [devBinary, 'exec', '-T', 'shell', 'sh', '-c', 'echo open; sleep 300'], {
    cwd: projectDir,
    env: { ...sandbox.env, ...olderBuild },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let execOutput = '';
  exec.stdout.on('data', (chunk: Buffer) => (execOutput += chunk.toString()));
  try {
    await eventually(() => expect(execOutput).toContain('open'), 60_000);
    expect((await daemonStatus(olderBuild)).commandsRunning).toBe(1);

    const ps = await sandbox.dev(['ps'], { cwd: projectDir });
    expect(ps.code, ps.stderr).toBe(0);
    expect(ps.stderr).toContain(`dev: warning: devd (pid ${older.pid}) runs build e2e-older-build`);
    expect(ps.stderr).toContain('running 1 command');
    expect(ps.stderr).toContain('run `dev daemon stop` once they finish');
    expect((await daemonStatus(olderBuild)).pid).toBe(older.pid);
  } finally {
    exec.kill('SIGKILL');
  }
  // Once the exec is gone the next command restarts it.
  await eventually(async () => expect((await daemonStatus(olderBuild)).commandsRunning).toBe(0), 30_000);
  const ps = await sandbox.dev(['ps'], { cwd: projectDir });
  expect(ps.stderr).toContain('dev: restarted devd');
  expect((await daemonStatus()).pid).not.toBe(older.pid);
});
