// Services that fail in the ways real ones do, each shown by `dev ps --json` with the
// right state and reason: killed for memory (OOM), never healthy (and its dependent
// waiting on it), a healthcheck that flaps.

import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import type { ServiceStatus } from '../../packages/daemon/src/protocol/messages.js';
import { docker, projectContainers } from '../support/docker-cli.js';
import { createSandbox, uniqueName, type DevSandbox } from '../support/dev-sandbox.js';
import { eventually } from '../support/eventually.js';

const projectName = uniqueName('reliability', 'faults');
let sandbox: DevSandbox;
let projectDir: string;

beforeAll(async () => {
  sandbox = createSandbox(projectName);
  sandbox.track(projectName);
  projectDir = sandbox.fixture('project', {
    'compose.yaml': `name: ${projectName}
services:
  hog:
    image: debian:bookworm-slim
    restart: "no"
    # tail keeps every byte of a file without newlines: it grows until the limit kills it.
    command: ["tail", "/dev/zero"]
    deploy:
      resources:
        limits:
          memory: 16M
  sick:
    image: debian:bookworm-slim
    init: true
    command: ["sleep", "infinity"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/never"]
      interval: 1s
      timeout: 1s
      retries: 2
  after-sick:
    image: debian:bookworm-slim
    init: true
    command: ["sleep", "infinity"]
    depends_on:
      sick:
        condition: service_healthy
  flappy:
    image: debian:bookworm-slim
    init: true
    command: ["sleep", "infinity"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ok"]
      interval: 1s
      timeout: 1s
      retries: 1
`,
  });
  // Detached: the health-gated dependent keeps the command waiting; the status is what matters.
  sandbox.spawnDev(['up', '-d'], { cwd: projectDir });
  await eventually(() => expect(projectContainers(projectName).length).toBeGreaterThanOrEqual(3), 120_000);
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') sandbox.keepArtifacts(`${context.task.name} failed`);
});

afterAll(async () => {
  await sandbox.dev(['down', '-t', '0'], { cwd: projectDir });
  await sandbox.cleanup();
});

const services = async (): Promise<Record<string, ServiceStatus>> => {
  const ps = await sandbox.dev(['ps', '--json'], { cwd: projectDir });
  expect(ps.code, ps.stderr).toBe(0);
  return Object.fromEntries(
    (JSON.parse(ps.stdout) as ServiceStatus[]).map((service) => [service.serviceName, service]),
  );
};

const containerOf = (serviceName: string): string => {
  const row = projectContainers(projectName).find((candidate) => candidate.service === serviceName);
  expect(row).toBeDefined();
  return row?.id ?? '';
};

test('a container killed for memory is shown exited with code 137 and the OOM flag', async () => {
  await eventually(async () => {
    const hog = (await services())['hog'];
    expect(hog).toMatchObject({ state: 'exited', exitCode: 137, oomKilled: true });
  }, 60_000);
  expect(docker(['inspect', '-f', '{{.State.OOMKilled}}', containerOf('hog')])).toBe('true');
});

test('a service that never becomes healthy is unhealthy, and its dependent is not started and says why', async () => {
  await eventually(async () => {
    const status = await services();
    expect(status['sick']).toMatchObject({ state: 'unhealthy', health: 'unhealthy' });
    expect(status['after-sick']).toMatchObject({ state: 'created', containerIds: [] });
    expect(status['after-sick']?.problem).toMatch(/dependency sick failed to start: container .*unhealthy/);
  }, 60_000);
  const plain = await sandbox.dev(['ps'], { cwd: projectDir });
  expect(plain.stdout).toMatch(/after-sick.*dependency sick failed to start/);
});

test('a flapping healthcheck is followed both ways: healthy, unhealthy, healthy again', async () => {
  const flappy = containerOf('flappy');
  for (const [action, health] of [
    ['touch', 'healthy'],
    ['rm', 'unhealthy'],
    ['touch', 'healthy'],
  ] as const) {
    docker(['exec', flappy, action, ...(action === 'rm' ? ['-f'] : []), '/tmp/ok']);
    await eventually(async () => {
      expect((await services())['flappy']).toMatchObject({ state: health, health });
    }, 30_000);
  }
});
