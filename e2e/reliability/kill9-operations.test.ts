// kill -9 of devd at 50 random moments spread over up, down, rebuild and sync; after each,
// `dev up` converges: the expected containers once each, one network, the one named
// volume, its data intact, and a plan with nothing left to do. DEVUP_KILL_ROUNDS and
// DEVUP_KILL_SEED change the run (the seed is printed so a failure can be replayed).

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { docker, projectContainers } from '../support/docker-cli.js';
import { createSandbox, uniqueName, type DevSandbox } from '../support/dev-sandbox.js';
import { eventually } from '../support/eventually.js';

const projectName = uniqueName('reliability', 'kill9');
const ROUNDS = Number(process.env['DEVUP_KILL_ROUNDS'] ?? 50);
const SEED = Number(process.env['DEVUP_KILL_SEED'] ?? Date.now() % 100_000);
const OPERATIONS = ['up', 'down', 'rebuild', 'sync'] as const;
const token = `kept-${SEED}`;
let sandbox: DevSandbox;
let projectDir: string;

beforeAll(() => {
  sandbox = createSandbox(projectName);
  sandbox.track(projectName);
  projectDir = sandbox.fixture('project', {
    'compose.yaml': `name: ${projectName}
services:
  db:
    image: debian:bookworm-slim
    init: true
    command: ["sh", "-c", "touch /tmp/ready; exec sleep infinity"]
    volumes: ["data:/data"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 500ms
      timeout: 1s
      retries: 20
  web:
    build: ./web
    image: ${projectName}-web:dev
    init: true
    command: ["sleep", "infinity"]
    depends_on:
      db:
        condition: service_healthy
  worker:
    image: debian:bookworm-slim
    init: true
    command: ["sleep", "infinity"]
    develop:
      watch:
        - action: sync
          path: ./src
          target: /app
volumes:
  data: {}
`,
    'web/Dockerfile': 'FROM debian:bookworm-slim\nCOPY stamp.txt /stamp.txt\n',
    'web/stamp.txt': 'stamp 0\n',
    'src/main.txt': 'main 0\n',
  });
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') sandbox.keepArtifacts(`${context.task.name} failed`);
});

afterAll(async () => {
  await sandbox.dev(['down', '-t', '0', '--volumes'], { cwd: projectDir });
  await sandbox.cleanup();
  try {
    docker(['rmi', '-f', `${projectName}-web:dev`]);
  } catch {
    // already gone
  }
});

/** mulberry32, so the moments of a failing run can be replayed with its seed. */
const seeded = (seed: number): (() => number) => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = Math.imul(state ^ (state >>> 15), state | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const labelled = (kind: 'network' | 'volume'): string[] =>
  docker([kind, 'ls', '--filter', `label=com.docker.compose.project=${projectName}`, '--format', '{{.Name}}'])
    .split('\n')
    .filter(Boolean)
    .sort();

const dbContainer = (): string => projectContainers(projectName).find((row) => row.service === 'db')?.id ?? '';

const expectConverged = (context: string): void => {
  const rows = projectContainers(projectName);
  expect(rows.map((row) => `${row.service}:${row.number}:${row.state}`).sort(), context).toEqual([
    'db:1:running',
    'web:1:running',
    'worker:1:running',
  ]);
  expect(new Set(rows.map((row) => row.name)).size, context).toBe(rows.length);
  expect(labelled('network'), context).toEqual([`${projectName}_default`]);
  expect(labelled('volume'), context).toEqual([`${projectName}_data`]);
  expect(docker(['exec', dbContainer(), 'cat', '/data/token']), context).toBe(token);
};

const operationArgs = (operation: (typeof OPERATIONS)[number], round: number): string[] => {
  switch (operation) {
    case 'up':
      return ['up', '-d', '--force-recreate'];
    case 'down':
      return ['down', '-t', '1'];
    case 'rebuild':
      writeFileSync(join(projectDir, 'web/stamp.txt'), `stamp ${round}\n`);
      return ['up', '-d', '--build'];
    case 'sync':
      for (let index = 0; index < 20; index += 1)
        writeFileSync(join(projectDir, 'src', `file-${index}.txt`), `round ${round} file ${index}\n`);
      return ['up', '-d'];
  }
};

test(`kill -9 of devd at ${ROUNDS} random moments across up, down, rebuild and sync: dev up converges with nothing duplicated, orphaned or lost`, async () => {
  const random = seeded(SEED);
  const first = await sandbox.dev(['up', '-d'], { cwd: projectDir });
  expect(first.code, first.stderr).toBe(0);
  docker(['exec', dbContainer(), 'sh', '-c', `printf %s ${token} > /data/token`]);
  expectConverged('first up');

  const kills: string[] = [`seed ${SEED}`];
  for (let round = 1; round <= ROUNDS; round += 1) {
    const operation = OPERATIONS[(round - 1) % OPERATIONS.length] as (typeof OPERATIONS)[number];
    const interrupted = sandbox.spawnDev(operationArgs(operation, round), { cwd: projectDir });
    const closed = new Promise((resolve) => interrupted.child.once('close', resolve));
    const delayMs = Math.floor(random() * 2000);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const pid = await eventually(() => {
      const found = sandbox.daemonPid();
      expect(found).toBeGreaterThan(0);
      return found as number;
    });
    try {
      process.kill(pid, 'SIGKILL');
      kills.push(`round ${round} ${operation}: killed devd ${pid} after ${delayMs} ms`);
    } catch {
      kills.push(`round ${round} ${operation}: devd ${pid} already gone after ${delayMs} ms`);
    }
    await closed;

    const converge = await sandbox.dev(['up', '-d'], { cwd: projectDir });
    const context = `${kills.join('\n')}\n${converge.stderr}`;
    expect(converge.code, context).toBe(0);
    expectConverged(context);
    const plan = await sandbox.dev(['up', '--dry-run'], { cwd: projectDir });
    expect(plan.stdout.trim(), context).toBe(`project ${projectName}: up to date, nothing to do`);
  }
  console.info(kills.join('\n'));
  expect(kills).toHaveLength(ROUNDS + 1);
}, 1_200_000);
