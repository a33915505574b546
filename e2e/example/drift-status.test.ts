// The daemon marks the services that drift from production on their status: a project
// whose dev.yaml gives `app` another command (drift) and `side` only a loopback port (an
// allowed overlay) runs under devd; `dev ps --json` carries drift: true for app alone,
// and `dev parity` names the overlay line that causes it.

import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { projectContainers } from '../support/docker-cli.js';
import { createSandbox, type DevSandbox, uniqueName } from '../support/dev-sandbox.js';

const projectName = uniqueName('example', 'drift');

const production = `name: ${projectName}
services:
  app:
    image: debian:bookworm-slim
    command: ["sleep", "infinity"]
    init: true
  side:
    image: debian:bookworm-slim
    command: ["sleep", "infinity"]
    init: true
`;

const overlay = `x-dev:
  production: [compose.yaml]
services:
  app:
    command: ["sleep", "1000000"]
  side:
    ports:
      - "127.0.0.1::80"
`;

let sandbox: DevSandbox;
let projectDir: string;

beforeAll(() => {
  sandbox = createSandbox(projectName);
  sandbox.track(projectName);
  projectDir = sandbox.fixture('project', { 'compose.yaml': production, 'dev.yaml': overlay });
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') sandbox.keepArtifacts(`${context.task.name} failed`);
});

afterAll(async () => {
  await sandbox.dev(['down'], { cwd: projectDir });
  await sandbox.cleanup();
  expect(projectContainers(projectName)).toEqual([]);
});

describe('drift on the status', () => {
  test('dev ps --json marks the service whose overlay drifts, and only it', async () => {
    const up = await sandbox.dev(['up', '--detach', '--no-watch'], { cwd: projectDir });
    expect(up.code).toBe(0);
    const ps = await sandbox.dev(['ps', '--json'], { cwd: projectDir });
    expect(ps.code).toBe(0);
    const services = JSON.parse(ps.stdout) as { serviceName: string; state: string; drift?: boolean }[];
    expect(services.map((service) => [service.serviceName, service.drift === true])).toEqual([
      ['app', true],
      ['side', false],
    ]);
  });

  test('dev parity names the overlay line of the drift and exits 1', async () => {
    const parity = await sandbox.dev(['parity'], { cwd: projectDir });
    expect(parity.code).toBe(1);
    expect(parity.stdout).toMatch(/^dev\.yaml:5:14 +drift +app +command: /m);
    expect(parity.stdout).toMatch(/^dev\.yaml:8:9 +overlay +side +port added: /m);
  });
});
