// Compose's options on dev stop, restart, down, build, logs and exec keep Compose's
// meaning, against the real engine: -t/--timeout (also on up) replaces the stop grace period,
// build --no-cache rebuilds from scratch, build --pull asks for newer base images (no
// registry here, so it fails and says why), logs --no-log-prefix prints bare lines,
// exec -d returns once the command started; options a command does not carry out are
// refused.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { docker, projectContainers } from '../support/docker-cli.js';
import { createSandbox, uniqueName, type DevSandbox } from '../support/dev-sandbox.js';
import { eventually } from '../support/eventually.js';

const projectName = uniqueName('cli', 'flags');
// `stubborn` ignores SIGTERM (a shell as PID 1) and has a ten-minute grace period: only a
// -t that is honoured lets a stop or restart of it finish within the command's time limit.
const compose = `name: ${projectName}
services:
  stubborn:
    image: debian:bookworm-slim
    command: ["sh", "-c", "echo stubborn up; while :; do sleep 1; done"]
    stop_grace_period: 10m
  follower:
    image: debian:bookworm-slim
    command: ["sleep", "infinity"]
    init: true
    depends_on:
      stubborn:
        condition: service_started
        restart: true
  app:
    build: ./app
    image: ${projectName}-app
    command: ["sh", "-c", "cat /built-at; exec sleep infinity"]
    init: true
`;
const COMMAND_LIMIT_MS = 150_000;

let sandbox: DevSandbox;
let projectDir: string;

const imageId = (reference: string): string => docker(['image', 'inspect', '--format', '{{.Id}}', reference]);
const containerOf = (service: string): string => `${projectName}-${service}-1`;
const startedAt = (service: string): string =>
  docker(['inspect', '--format', '{{.State.StartedAt}}', containerOf(service)]);

beforeAll(async () => {
  sandbox = createSandbox(projectName);
  sandbox.track(projectName);
  projectDir = sandbox.fixture('project', {
    'compose.yaml': compose,
    'app/Dockerfile': 'FROM debian:bookworm-slim\nRUN date +%s%N > /built-at\n',
  });
  const up = await sandbox.dev(['up', '-d'], { cwd: projectDir });
  expect(up.code, up.stderr).toBe(0);
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') sandbox.keepArtifacts(`${context.task.name} failed`);
});

afterAll(async () => {
  const down = await sandbox.dev(['down', '-t', '0'], { cwd: projectDir, timeoutMs: COMMAND_LIMIT_MS });
  await sandbox.cleanup();
  try {
    docker(['image', 'rm', '-f', `${projectName}-app`]);
  } catch {
    // already gone
  }
  expect(down.code, down.stderr).toBe(0);
  expect(projectContainers(projectName)).toEqual([]);
});

describe('-t/--timeout replaces the stop grace period', () => {
  test('dev restart -t 1 restarts a service that ignores SIGTERM well before its grace period, and the service that restarts with it', async () => {
    const before = startedAt('stubborn');
    const followerBefore = startedAt('follower');
    const restart = await sandbox.dev(['restart', '-t', '1', 'stubborn'], {
      cwd: projectDir,
      timeoutMs: COMMAND_LIMIT_MS,
    });
    expect(restart.code, restart.stderr).toBe(0);
    expect(startedAt('stubborn')).not.toBe(before);
    expect(startedAt('follower')).not.toBe(followerBefore);
  });

  test('dev restart --no-deps restarts only the named service', async () => {
    const before = startedAt('stubborn');
    const followerBefore = startedAt('follower');
    const restart = await sandbox.dev(['restart', '--no-deps', '-t', '1', 'stubborn'], {
      cwd: projectDir,
      timeoutMs: COMMAND_LIMIT_MS,
    });
    expect(restart.code, restart.stderr).toBe(0);
    expect(startedAt('stubborn')).not.toBe(before);
    expect(startedAt('follower')).toBe(followerBefore);
  });

  test('dev stop --timeout 1 stops it, killed after the second (exit 137)', async () => {
    const stop = await sandbox.dev(['stop', '--timeout', '1', 'stubborn'], {
      cwd: projectDir,
      timeoutMs: COMMAND_LIMIT_MS,
    });
    expect(stop.code, stop.stderr).toBe(0);
    expect(docker(['inspect', '--format', '{{.State.Status}} {{.State.ExitCode}}', containerOf('stubborn')])).toBe(
      'exited 137',
    );
    expect((await sandbox.dev(['start', 'stubborn'], { cwd: projectDir })).code).toBe(0);
  });

  test('a timeout that is not a whole number is a usage error', async () => {
    const stop = await sandbox.dev(['stop', '-t', 'soon', 'stubborn'], { cwd: projectDir });
    expect(stop.code).toBe(2);
    expect(stop.stderr).toContain('--timeout must be a whole number, got "soon"');
  });
});

describe('dev build', () => {
  test('an unchanged build is skipped; --no-cache builds again from scratch', async () => {
    const built = imageId(`${projectName}-app`);
    const again = await sandbox.dev(['build', 'app'], { cwd: projectDir });
    expect(again.code, again.stderr).toBe(0);
    expect(imageId(`${projectName}-app`)).toBe(built);

    const fresh = await sandbox.dev(['build', '--no-cache', 'app'], { cwd: projectDir });
    expect(fresh.code, fresh.stderr).toBe(0);
    // The RUN step ran again (a cached layer would have kept the image).
    expect(imageId(`${projectName}-app`)).not.toBe(built);
  });

  test('--pull asks the engine for a newer base image: with no registry the build fails and says why', async () => {
    const before = imageId(`${projectName}-app`);
    const pulled = await sandbox.dev(['build', '--pull', 'app'], { cwd: projectDir });
    expect(pulled.code).toBe(1);
    expect(pulled.stderr).toMatch(/app: .*(registry|pull|no such host|lookup)/i);
    expect(pulled.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(imageId(`${projectName}-app`)).toBe(before);
  });
});

describe('logs and exec', () => {
  test('dev logs --no-log-prefix prints the lines bare, with and without -f', async () => {
    await eventually(async () => {
      const logs = await sandbox.dev(['logs', '--no-log-prefix', 'stubborn'], { cwd: projectDir });
      expect(logs.stdout.split('\n')).toContain('stubborn up');
    }, 30_000);
    const follow = sandbox.spawnDev(['logs', '-f', '--no-log-prefix', 'stubborn'], { cwd: projectDir });
    try {
      await eventually(() => expect(follow.output().split('\n')).toContain('stubborn up'), 30_000);
      expect(follow.output()).not.toContain('| stubborn up');
    } finally {
      follow.child.kill('SIGINT');
    }
  });

  test('dev exec -d returns once the command started, and the command runs on', async () => {
    const exec = await sandbox.dev(['exec', '-d', 'app', 'sh', '-c', 'sleep 2; touch /tmp/detached-done'], {
      cwd: projectDir,
    });
    expect(exec.code, exec.stderr).toBe(0);
    await eventually(async () => {
      const check = await sandbox.dev(['exec', '-T', 'app', 'test', '-f', '/tmp/detached-done'], { cwd: projectDir });
      expect(check.code).toBe(0);
    }, 30_000);
  });
});

describe('dev up -t', () => {
  test('dev up -t 1 replaces a changed service that ignores SIGTERM without waiting out its grace period', async () => {
    const before = docker(['inspect', '--format', '{{.Id}}', containerOf('stubborn')]);
    writeFileSync(
      join(projectDir, 'compose.yaml'),
      compose.replace('stop_grace_period: 10m', 'stop_grace_period: 10m\n    environment:\n      CHANGED: "yes"'),
    );
    const up = await sandbox.dev(['up', '-d', '-t', '1'], { cwd: projectDir, timeoutMs: COMMAND_LIMIT_MS });
    expect(up.code, up.stderr).toBe(0);
    expect(docker(['inspect', '--format', '{{.Id}}', containerOf('stubborn')])).not.toBe(before);
  });
});

describe('dev down', () => {
  test('dev down -t 0 removes the service that ignores SIGTERM without waiting out its grace period', async () => {
    const down = await sandbox.dev(['down', '-t', '0'], { cwd: projectDir, timeoutMs: COMMAND_LIMIT_MS });
    expect(down.code, down.stderr).toBe(0);
    expect(projectContainers(projectName)).toEqual([]);
  });
});

describe('options a command does not carry out are refused', () => {
  test.each([
    [['start', '-t', '5', 'stubborn'], "dev start: Unknown option '-t'"],
    [['stop', '--no-cache', 'stubborn'], "dev stop: Unknown option '--no-cache'"],
    [['restart', '--pull', 'stubborn'], "dev restart: Unknown option '--pull'"],
    [['ps', '--format', '{{.Name}}'], 'dev ps: --format must be table or json'],
  ])('dev %j', async (args, message) => {
    const result = await sandbox.dev(args, { cwd: projectDir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
