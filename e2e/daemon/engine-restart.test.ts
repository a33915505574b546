// The Docker engine restarts under a running daemon: within 10 s devd reports correct
// states again and logs continue, with no line repeated. The engine restarted here is a
// private one (its own dockerd), so nothing else on the machine is disturbed.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { openStream } from '../../packages/daemon/src/client/index.js';
import type { LogLine, ServiceStatus } from '../../packages/daemon/src/protocol/index.js';
import { docker } from '../support/docker-cli.js';
import { uniqueName } from '../support/dev-sandbox.js';
import { eventually } from '../support/eventually.js';
import { useProjectSandbox } from '../support/project-sandbox.js';

const projectName = uniqueName('daemon', 'engine');
/** The host's interfaces, without container veths (other tests come and go). */
const hostInterfaces = (): string[] =>
  [...spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout.matchAll(/^\d+: ([^:@\s]+)/gm)]
    .map((match) => match[1] ?? '')
    .filter((name) => !name.startsWith('veth'));
/** Bridges on the host that the shared engine does not know: what a leaking private engine would leave. */
const strayBridges = (): string[] => {
  const networks = docker(['network', 'ls', '-q', '--no-trunc']);
  return hostInterfaces().filter((name) => name.startsWith('br-') && !networks.includes(name.slice(3)));
};
let hadDocker0: boolean;

// Registered before the project's hooks: runs before its engine starts, and after it stopped.
beforeAll(() => {
  hadDocker0 = hostInterfaces().includes('docker0');
});

afterAll(() => {
  // The private engine lives in its own network namespace: the host keeps docker0 and gains no bridge.
  expect(hostInterfaces().includes('docker0')).toBe(hadDocker0);
  expect(strayBridges()).toEqual([]);
});

const project = useProjectSandbox(
  projectName,
  `name: ${projectName}
services:
  ticker:
    image: debian:bookworm-slim
    restart: always
    init: true
    command: ["sh", "-c", "i=0; while true; do i=$$((i+1)); echo tick $$i; sleep 0.2; done"]
  db:
    image: debian:bookworm-slim
    restart: unless-stopped
    init: true
    command: ["sh", "-c", "touch /tmp/ready; exec sleep infinity"]
    healthcheck:
      test: ["CMD", "test", "-f", "/tmp/ready"]
      interval: 1s
      timeout: 1s
      retries: 10
`,
  { privateEngine: true },
);

const statuses = async (): Promise<ServiceStatus[]> =>
  JSON.parse((await project.sandbox.dev(['ps', '--json'], { cwd: project.projectDir })).stdout) as ServiceStatus[];

test('after an engine restart devd reports correct states within 10 s and logs continue without duplicates', async () => {
  const up = await project.sandbox.dev(['up', '-d', '--wait'], { cwd: project.projectDir });
  expect(up.code, up.stderr).toBe(0);

  const lines: LogLine[] = [];
  const stream = openStream(
    { projectName, logs: true, tail: 0 },
    { onMessage: (message) => message.type === 'log' && lines.push(message.line) },
    { socketPath: join(project.sandbox.env['XDG_RUNTIME_DIR'] as string, 'devup', 'devd.sock') },
  );
  try {
    await eventually(() => expect(lines.length).toBeGreaterThan(5), 20_000);

    const { downMs } = await project.engine.restart();
    const engineBack = Date.now();
    const linesBefore = lines.length;

    const recovered = await eventually(
      async () => {
        const services = await statuses();
        expect(services.map((service) => [service.serviceName, service.state])).toEqual([
          ['db', 'healthy'],
          ['ticker', 'running'],
        ]);
        return Date.now() - engineBack;
      },
      10_000,
      200,
    );
    await eventually(
      () => expect(lines.slice(linesBefore).some((line) => line.text === 'tick 3')).toBe(true),
      10_000 - recovered,
    );
    const logsBackMs = Date.now() - engineBack;
    expect(logsBackMs).toBeLessThan(10_000);
    console.log(
      `engine down for ${downMs} ms; states correct ${recovered} ms and logs flowing ${logsBackMs} ms after it answered again`,
    );

    const seqs = lines.map((line) => line.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    const keys = lines.map((line) => `${line.time} ${line.text}`);
    expect(keys.length - new Set(keys).size).toBe(0);
  } finally {
    stream.close();
  }
});
