// The Docker engine restarts while `dev up` runs: once as the first containers are being
// created, once while dependents wait for a healthy database (`--force-recreate`). The
// interrupted `up` may fail; devd stays up, and a second `dev up --wait` converges with
// each service's container exactly once and nothing left to do. Every line each
// container printed (numbered per run of the container) is in the log hub once, none
// missing. The engine restarted is a private one (its own dockerd, see
// e2e/support/private-engine.ts), so the shared engine is never touched.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { DaemonClient } from '../../packages/daemon/src/client/index.js';
import type { LogLine } from '../../packages/daemon/src/protocol/index.js';
import { projectContainers } from '../support/docker-cli.js';
import { uniqueName } from '../support/dev-sandbox.js';
import { eventually } from '../support/eventually.js';
import { useProjectSandbox } from '../support/project-sandbox.js';

const projectName = uniqueName('reliability', 'engine-up');
const LOGGERS = ['early', 'api', 'worker', 'beat'];

/** A service printing `run=ID n=I` every 200 ms; ID is new each time the container starts. */
const logger = (name: string, dependsOnDb: boolean): string => `  ${name}:
    image: debian:bookworm-slim
    init: true
    restart: unless-stopped
    stop_grace_period: 1s
    command: ["sh", "-c", "run=$$(od -An -N4 -tx1 /dev/urandom | tr -d ' \\\\n'); i=0; while true; do i=$$((i+1)); echo run=$$run n=$$i; sleep 0.2; done"]
${dependsOnDb ? '    depends_on:\n      db:\n        condition: service_healthy\n' : ''}`;

const project = useProjectSandbox(
  projectName,
  `name: ${projectName}
services:
  db:
    image: debian:bookworm-slim
    init: true
    restart: unless-stopped
    stop_grace_period: 1s
    command: ["sh", "-c", "sleep 2; touch /tmp/ready; exec sleep infinity"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 500ms
      timeout: 1s
      retries: 40
${logger('early', false)}${LOGGERS.slice(1)
    .map((name) => logger(name, true))
    .join('')}`,
  { privateEngine: true },
);

const containers = () => projectContainers(projectName, project.engine.env);

/** The hub's lines of each service, grouped by run: `service run` -> the numbers, in hub order. */
const hubRuns = async (): Promise<Map<string, number[]>> => {
  const client = new DaemonClient({
    socketPath: join(project.sandbox.env['XDG_RUNTIME_DIR'] as string, 'devup', 'devd.sock'),
    timeoutMs: 10_000,
  });
  const { lines, skipped } = await client.logs(projectName, { after: 0 });
  expect(skipped).toBeUndefined();
  const runs = new Map<string, number[]>();
  for (const line of lines as LogLine[]) {
    const match = /^run=(\w+) n=(\d+)$/.exec(line.text);
    if (match === null) continue;
    const key = `${line.serviceName} ${match[1]}`;
    runs.set(key, [...(runs.get(key) ?? []), Number(match[2])]);
  }
  return runs;
};

/** What each run of a container printed, as docker itself kept it: `service run` -> the numbers. */
const engineRuns = (): Map<string, number[]> => {
  const runs = new Map<string, number[]>();
  for (const container of containers()) {
    if (!LOGGERS.includes(container.service)) continue;
    const { stdout } = spawnDocker(['logs', container.id]);
    for (const text of stdout.split('\n')) {
      const match = /^run=(\w+) n=(\d+)$/.exec(text);
      if (match === null) continue;
      const key = `${container.service} ${match[1]}`;
      runs.set(key, [...(runs.get(key) ?? []), Number(match[2])]);
    }
  }
  return runs;
};

const spawnDocker = (args: string[]) => spawnSync('docker', args, { env: project.engine.env, encoding: 'utf8' });

const isAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

const converge = async (context: string): Promise<void> => {
  const up = await project.sandbox.dev(['up', '-d', '--wait'], { cwd: project.projectDir, timeoutMs: 240_000 });
  expect(up.code, `${context}: second dev up\n${up.stdout}\n${up.stderr}`).toBe(0);
  const rows = containers();
  expect(rows.map((row) => `${row.service}:${row.number}`).sort(), context).toEqual(
    ['db', ...LOGGERS].map((service) => `${service}:1`).sort(),
  );
  expect(new Set(rows.map((row) => row.name)).size, context).toBe(rows.length);
  expect(
    rows.every((row) => row.state === 'running'),
    `${context}: ${JSON.stringify(rows)}`,
  ).toBe(true);
  const plan = await project.sandbox.dev(['up', '--dry-run'], { cwd: project.projectDir });
  expect(plan.stdout.trim(), context).toBe(`project ${projectName}: up to date, nothing to do`);
};

/** Every run in the hub counts 1, 2, 3, ... with no repeat and no gap, and holds what the engine kept. */
const checkLogs = async (context: string): Promise<void> => {
  await eventually(
    async () => {
      const hub = await hubRuns();
      const engineSide = engineRuns();
      for (const [key, numbers] of hub)
        expect(
          numbers,
          `${context}: ${key} in the hub (docker logs: ${engineSide.get(key)?.join(',') ?? 'none'})`,
        ).toEqual(Array.from({ length: numbers.length }, (_, index) => index + 1));
      // The hub may trail the engine by the lines of the last moments, never by more.
      for (const [key, numbers] of engineSide) {
        const kept = hub.get(key) ?? [];
        expect(
          kept.length,
          `${context}: ${key}: hub ${kept.length} lines, engine ${numbers.length}`,
        ).toBeGreaterThanOrEqual(numbers.length - 10);
      }
      // Each service's current run is flowing into the hub.
      for (const service of LOGGERS)
        expect(
          [...hub.keys()].some((key) => key.startsWith(`${service} `)),
          `${context}: ${service} has lines`,
        ).toBe(true);
    },
    30_000,
    500,
  );
};

test('the engine restarted during dev up: devd recovers, a second up converges once, the hub has each line once', async () => {
  type Row = ReturnType<typeof containers>[number];
  const rounds: { args: string[]; restartWhen: (fresh: Row[]) => boolean; name: string }[] = [
    {
      name: 'while the first containers are created',
      args: ['up', '-d', '--wait'],
      restartWhen: (fresh) => fresh.length > 0,
    },
    {
      name: 'while dependents wait for a healthy db (--force-recreate)',
      args: ['up', '-d', '--wait', '--force-recreate'],
      // The db replaced and started, not healthy for 2 s: its dependents are waiting.
      restartWhen: (fresh) => fresh.some((row) => row.service === 'db' && row.state === 'running'),
    },
  ];
  for (const round of rounds) {
    const before = new Set(containers().map((row) => row.id));
    // Whatever the interrupted up does (fail, succeed, or hang and be killed) is allowed.
    const interrupted = project.sandbox.dev(round.args, { cwd: project.projectDir, timeoutMs: 120_000 });
    await eventually(
      () => expect(round.restartWhen(containers().filter((row) => !before.has(row.id)))).toBe(true),
      60_000,
      50,
    );
    const { downMs } = await project.engine.restart();
    const first = await interrupted;
    console.log(
      `engine restarted ${round.name} (down ${downMs} ms); the interrupted up exited ${first.code}${first.code === 0 ? '' : `: ${first.stderr.trim().split('\n').at(-1) ?? ''}`}`,
    );
    const pid = project.sandbox.daemonPid();
    expect(pid !== undefined && isAlive(pid), 'devd still running').toBe(true);
    await converge(round.name);
    await checkLogs(round.name);
  }
}, 600_000);
