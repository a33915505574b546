// kill -9 of devd in the middle of `dev up`, then `dev up`: no duplicate containers and
// the stack converges. Repeated 20 times, each at a random moment.

import { expect, test } from 'vitest';
import { projectContainers } from '../support/docker-cli.js';
import { uniqueName } from '../support/dev-sandbox.js';
import { eventually } from '../support/eventually.js';
import { useProjectSandbox } from '../support/project-sandbox.js';

const projectName = uniqueName('daemon', 'kill9');
const ROUNDS = 20;
const project = useProjectSandbox(
  projectName,
  `name: ${projectName}
services:
  db:
    image: debian:bookworm-slim
    init: true
    command: ["sh", "-c", "sleep 0.3; touch /tmp/ready; exec sleep infinity"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      timeout: 1s
      retries: 30
  api:
    image: debian:bookworm-slim
    init: true
    command: ["sleep", "infinity"]
    depends_on:
      db:
        condition: service_healthy
  web:
    image: debian:bookworm-slim
    init: true
    command: ["sleep", "infinity"]
    deploy:
      replicas: 2
    depends_on:
      api:
        condition: service_started
`,
);

const expectConverged = (): void => {
  const rows = projectContainers(projectName);
  const keys = rows.map((row) => `${row.service}:${row.number}`).sort();
  expect(keys).toEqual(['api:1', 'db:1', 'web:1', 'web:2']);
  expect(rows.every((row) => row.state === 'running')).toBe(true);
  expect(new Set(rows.map((row) => row.name)).size).toBe(rows.length);
};

test(`kill -9 of devd during dev up, ${ROUNDS} times at random moments: dev up converges without duplicates`, async () => {
  const first = await project.sandbox.dev(['up', '-d'], { cwd: project.projectDir });
  expect(first.code, first.stderr).toBe(0);
  expectConverged();

  const kills: string[] = [];
  for (let round = 1; round <= ROUNDS; round += 1) {
    // --force-recreate makes every round real work: stop, remove, create, start, health waits.
    const interrupted = project.sandbox.spawnDev(['up', '-d', '--force-recreate'], { cwd: project.projectDir });
    // Listened for from the start: the command may end before the kill (then 'close' is already past).
    const interruptedClosed = new Promise((resolve) => interrupted.child.once('close', resolve));
    const delayMs = Math.floor(Math.random() * 2500);
    await new Promise((resolve) => setTimeout(resolve, delayMs));
    const pid = await eventually(() => {
      const found = project.sandbox.daemonPid();
      expect(found).toBeGreaterThan(0);
      return found as number;
    });
    try {
      process.kill(pid, 'SIGKILL');
      kills.push(`round ${round}: killed devd ${pid} after ${delayMs} ms`);
    } catch {
      kills.push(`round ${round}: devd ${pid} already gone after ${delayMs} ms`);
    }
    await interruptedClosed;

    const converge = await project.sandbox.dev(['up', '-d'], { cwd: project.projectDir });
    expect(converge.code, `${kills.join('\n')}\n${converge.stderr}`).toBe(0);
    expectConverged();
    const plan = await project.sandbox.dev(['up', '--dry-run'], { cwd: project.projectDir });
    expect(plan.stdout.trim(), kills.join('\n')).toBe(`project ${projectName}: up to date, nothing to do`);
  }
  expect(kills).toHaveLength(ROUNDS);
}, 900_000);
