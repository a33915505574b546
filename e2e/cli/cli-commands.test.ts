// The core commands against the real engine: up, ps --json, up --dry-run, exec exit
// codes, a broken config that changes nothing, daemon status, down.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { docker, projectContainers } from '../support/docker-cli.js';
import { createSandbox, uniqueName, type DevSandbox } from '../support/dev-sandbox.js';
import { eventually } from '../support/eventually.js';

const projectName = uniqueName('cli', 'core');
const compose = `name: ${projectName}
services:
  web:
    image: debian:bookworm-slim
    command: ["sh", "-c", "echo web ready; exec sleep infinity"]
    init: true
    ports:
      - "127.0.0.1::8080"
  worker:
    image: debian:bookworm-slim
    command: ["sh", "-c", "echo worker ready; exec sleep infinity"]
    init: true
    depends_on:
      web:
        condition: service_started
`;

let sandbox: DevSandbox;
let projectDir: string;

beforeAll(() => {
  sandbox = createSandbox(projectName);
  sandbox.track(projectName);
  projectDir = sandbox.fixture('project', { 'compose.yaml': compose });
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') sandbox.keepArtifacts(`${context.task.name} failed`);
});

afterAll(async () => {
  await sandbox.dev(['down'], { cwd: projectDir });
  await sandbox.cleanup();
  expect(projectContainers(projectName)).toEqual([]);
});

describe('dev up, ps, exec, down', () => {
  test('dev up -d starts the daemon on demand and the stack, printing the published URL', async () => {
    const up = await sandbox.dev(['up', '-d'], { cwd: projectDir });
    expect(up.code, up.stderr).toBe(0);
    expect(up.stdout).toMatch(/^web\s+http:\/\/127\.0\.0\.1:\d+$/m);
    expect(up.stderr).toContain(`${projectName} is up`);
    const rows = projectContainers(projectName);
    expect(rows.map((row) => `${row.service}:${row.state}`).sort()).toEqual(['web:running', 'worker:running']);
  });

  test('dev ps --json lists each service with state and port URLs', async () => {
    const ps = await sandbox.dev(['ps', '--json'], { cwd: projectDir });
    expect(ps.code).toBe(0);
    const services = JSON.parse(ps.stdout) as {
      serviceName: string;
      state: string;
      ports: { url?: string }[];
      containerIds: string[];
    }[];
    expect(services.map((service) => [service.serviceName, service.state])).toEqual([
      ['web', 'running'],
      ['worker', 'running'],
    ]);
    expect(services[0]?.ports[0]?.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(services[0]?.containerIds).toEqual(
      [projectContainers(projectName).find((row) => row.service === 'web')?.id].map((id) =>
        expect.stringMatching(new RegExp(`^${id}`)),
      ),
    );
  });

  test('dev up --dry-run on a converged stack prints an empty plan', async () => {
    const plan = await sandbox.dev(['up', '--dry-run'], { cwd: projectDir });
    expect(plan.code).toBe(0);
    expect(plan.stdout.trim()).toBe(`project ${projectName}: up to date, nothing to do`);
  });

  test("dev exec web sh -c 'exit 7' exits 7", async () => {
    const exec = await sandbox.dev(['exec', 'web', 'sh', '-c', 'exit 7'], { cwd: projectDir });
    expect(exec.code).toBe(7);
  });

  test('dev exec -T passes stdin, stdout and stderr through', async () => {
    const exec = await sandbox.dev(['exec', '-T', 'web', 'sh', '-c', 'tr a-z A-Z; echo oops >&2'], {
      cwd: projectDir,
      input: 'hello from stdin\n',
    });
    expect(exec).toMatchObject({ code: 0, stdout: 'HELLO FROM STDIN\n', stderr: 'oops\n' });
  });

  test('dev exec in a service with no container says so and fails', async () => {
    const exec = await sandbox.dev(['exec', 'nosuch', 'true'], { cwd: projectDir });
    expect(exec.code).toBe(1);
    expect(exec.stderr).toContain('service "nosuch" has no running container');
  });

  test('a broken config given to dev up yields located errors and changes nothing running', async () => {
    const before = projectContainers(projectName);
    const file = join(projectDir, 'compose.yaml');
    const good = readFileSync(file, 'utf8');
    writeFileSync(
      file,
      good
        .replace(
          'condition: service_started',
          'condition: service_started\n      dbb:\n        condition: service_healthy',
        )
        .replace('init: true', 'init: "yes please"'),
    );
    try {
      const up = await sandbox.dev(['up', '-d'], { cwd: projectDir });
      expect(up.code).toBe(1);
      expect(up.stdout).toBe('');
      expect(up.stderr).toMatch(/compose\.yaml:\d+:\d+\s+error/);
      expect(up.stderr).toContain('dbb');
      expect(up.stderr).toContain('nothing was changed');
      expect(up.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
      expect(projectContainers(projectName)).toEqual(before);
      const ps = JSON.parse((await sandbox.dev(['ps', '--json'], { cwd: projectDir })).stdout) as { state: string }[];
      expect(ps.map((service) => service.state)).toEqual(['running', 'running']);
    } finally {
      writeFileSync(file, good);
    }
  });

  test('dev daemon status --json names the pid, socket, version and the projects served', async () => {
    const status = await sandbox.dev(['daemon', 'status', '--json']);
    expect(status.code).toBe(0);
    const parsed = JSON.parse(status.stdout) as {
      running: boolean;
      pid: number;
      socketPath: string;
      version: string;
      projects: { projectName: string }[];
    };
    expect(parsed).toMatchObject({
      running: true,
      pid: sandbox.daemonPid(),
      version: expect.stringMatching(/^\d+\.\d+\.\d+$/),
    });
    expect(parsed.socketPath).toBe(join(sandbox.env['XDG_RUNTIME_DIR'] as string, 'devup', 'devd.sock'));
    expect(parsed.projects.map((project) => project.projectName)).toContain(projectName);
  });

  test('dev logs shows every service with a prefix', async () => {
    await eventually(async () => {
      const logs = await sandbox.dev(['logs'], { cwd: projectDir });
      expect(logs.stdout).toMatch(/^web-1\s+\| web ready$/m);
      expect(logs.stdout).toMatch(/^worker-1\s+\| worker ready$/m);
    });
  });

  test('dev up without -d, off a terminal, stays attached to the logs; Ctrl-C detaches and leaves the stack running', async () => {
    const attached = sandbox.spawnDev(['up', 'web'], { cwd: projectDir });
    await eventually(() => expect(attached.output()).toMatch(/^web-1\s+\| web ready$/m), 30_000);
    const exited = new Promise<number | null>((resolve) => attached.child.once('close', (code) => resolve(code)));
    attached.child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(projectContainers(projectName).map((row) => row.state)).toEqual(['running', 'running']);
  });

  test('dev stop, start and restart act on the named service only', async () => {
    const startedAt = (service: string) =>
      docker(['inspect', '--format', '{{.State.StartedAt}}', `${projectName}-${service}-1`]);
    const webStarted = startedAt('web');
    const stop = await sandbox.dev(['stop', 'worker'], { cwd: projectDir });
    expect(stop.code, stop.stderr).toBe(0);
    expect(
      projectContainers(projectName)
        .map((row) => `${row.service}:${row.state}`)
        .sort(),
    ).toEqual(['web:running', 'worker:exited']);
    const ps = JSON.parse((await sandbox.dev(['ps', '--json'], { cwd: projectDir })).stdout) as {
      serviceName: string;
      state: string;
    }[];
    expect(ps.find((service) => service.serviceName === 'worker')?.state).toBe('stopped');
    expect((await sandbox.dev(['start', 'worker'], { cwd: projectDir })).code).toBe(0);
    const workerStarted = startedAt('worker');
    expect((await sandbox.dev(['restart', 'worker'], { cwd: projectDir })).code).toBe(0);
    expect(startedAt('worker')).not.toBe(workerStarted);
    expect(startedAt('web')).toBe(webStarted);
  });

  test('dev down removes the containers; the daemon stays up', async () => {
    const down = await sandbox.dev(['down'], { cwd: projectDir });
    expect(down.code).toBe(0);
    expect(projectContainers(projectName)).toEqual([]);
    expect((await sandbox.dev(['daemon', 'status'])).code).toBe(0);
  });
});

describe('usage', () => {
  test('an unknown option is a usage error with exit code 2', async () => {
    const result = await sandbox.dev(['up', '--frobnicate'], { cwd: projectDir });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("dev up: Unknown option '--frobnicate'");
  });
});
