// `dev up` runs the doctor's port and variable checks before it changes anything: a port
// held by another process stops it with the doctor's message and nothing is created, while
// a second `dev up` of the same project passes on its own ports.

import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { projectContainers } from '../support/docker-cli.js';
import { createSandbox, type DevSandbox, uniqueName } from '../support/dev-sandbox.js';

const projectName = uniqueName('doctor', 'preflight');

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

const startPortHolder = (port: number): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const script = `require('node:net').createServer().listen(${port}, '127.0.0.1', () => console.log('listening'))`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.once('error', reject);
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve(child);
    });
  });

const composeFor = (port: number): string => `name: ${projectName}
services:
  web:
    image: debian:bookworm-slim
    command: ["sleep", "infinity"]
    init: true
    ports:
      - "127.0.0.1:${port}:80"
    environment:
      TOKEN: \${PREFLIGHT_TOKEN:?PREFLIGHT_TOKEN must be set}
`;

let sandbox: DevSandbox;
let projectDir: string;
let port = 0;

beforeAll(async () => {
  sandbox = createSandbox(projectName, { PREFLIGHT_TOKEN: 'set' });
  sandbox.track(projectName);
  port = await freePort();
  projectDir = sandbox.fixture('project', { 'compose.yaml': composeFor(port) });
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') sandbox.keepArtifacts(`${context.task.name} failed`);
});

afterAll(async () => {
  await sandbox.dev(['down'], { cwd: projectDir });
  await sandbox.cleanup();
  expect(projectContainers(projectName)).toEqual([]);
});

describe('dev up pre-flight', () => {
  test('a port taken by another process stops dev up before anything starts, naming the process', async () => {
    const holder = await startPortHolder(port);
    try {
      const up = await sandbox.dev(['up', '-d'], { cwd: projectDir });
      expect(up.code).toBe(1);
      expect(up.stderr).toContain('dev up: not starting: 1 check failed');
      expect(up.stderr).toContain(`127.0.0.1:${port}/tcp (web): taken by node (pid ${holder.pid}: `);
      expect(up.stderr).toContain(`kill ${holder.pid}`);
      expect(projectContainers(projectName)).toEqual([]);
      // devd answers first (it plans the project) but takes nothing on.
      const served = await sandbox.dev(['daemon', 'status', '--json']);
      expect(served.code).toBe(0);
      expect(served.stdout).not.toContain(projectName);
    } finally {
      holder.kill();
    }
  });

  test('an unset required variable stops dev up with its place', async () => {
    const up = await sandbox.dev(['up', '-d'], { cwd: projectDir, env: { PREFLIGHT_TOKEN: undefined } });
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('compose.yaml:10:14  PREFLIGHT_TOKEN is not set: PREFLIGHT_TOKEN must be set');
    expect(projectContainers(projectName)).toEqual([]);
  });

  test('a second dev up passes the pre-flight on its own published port', async () => {
    const first = await sandbox.dev(['up', '-d'], { cwd: projectDir });
    expect(first.code, first.stderr).toBe(0);
    const second = await sandbox.dev(['up', '-d'], { cwd: projectDir });
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toContain('not starting');
    expect(projectContainers(projectName).map((row) => `${row.service}:${row.state}`)).toEqual(['web:running']);
  });
});
