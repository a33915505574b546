// The checks `dev up` runs before changing anything, against the real engine: a port held by
// this project's own container (a second `dev up`) passes; the same port held by another
// project's container fails and names it.

import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import { loadProject } from '../../packages/schema/src/index.js';
import { runPreflight } from '../../packages/tui/src/doctor/index.js';

const stack = fileURLToPath(new URL('./fixtures/stack', import.meta.url));
const runId = randomUUID().slice(0, 8);
const runLabel = `dev.devup.e2e=doctor-${runId}`;

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

const docker = (...args: string[]): string => execFileSync('docker', args, { encoding: 'utf8' }).trim();

const loadStack = async (projectName: string, port: number) => {
  const env = { ...process.env, DOCTOR_PORT: String(port) };
  const result = await loadProject({ cwd: stack, env, projectName });
  if (!result.ok) throw new Error(`fixture does not load: ${JSON.stringify(result.issues)}`);
  return { project: result.project, env };
};

// A network of the test's own, so the container does not depend on the default bridge.
const networkName = `e2e-doctor-${runId}`;

afterAll(() => {
  const ids = docker('ps', '-aq', '--filter', `label=${runLabel}`);
  if (ids !== '') docker('rm', '-f', ...ids.split('\n'));
  const networks = docker('network', 'ls', '-q', '--filter', `label=${runLabel}`);
  if (networks !== '') docker('network', 'rm', ...networks.split('\n'));
});

describe('pre-flight checks of dev up', () => {
  test("a second `dev up` passes: the port is held by the project's own container", async () => {
    const port = await freePort();
    const projectName = `e2e-doctor-own-${runId}`;
    const containerName = `${projectName}-web-1`;
    docker('network', 'create', '--label', runLabel, networkName);
    docker(
      'run',
      '--network',
      networkName,
      '-d',
      '--name',
      containerName,
      '--label',
      runLabel,
      '--label',
      `com.docker.compose.project=${projectName}`,
      '--label',
      'com.docker.compose.service=web',
      '-p',
      `127.0.0.1:${port}:80`,
      'debian:bookworm-slim',
      'sleep',
      '600',
    );
    const own = await loadStack(projectName, port);
    const [ports, variables] = await runPreflight(own.project, own.env);
    expect(ports).toMatchObject({
      status: 'ok',
      detail: `127.0.0.1:${port}/tcp (web): held by this project's own container ${containerName}`,
    });
    expect(variables?.status).toBe('ok');

    const other = await loadStack(`e2e-doctor-other-${runId}`, port);
    const [otherPorts] = await runPreflight(other.project, other.env);
    expect(otherPorts).toMatchObject({
      status: 'fail',
      detail: `127.0.0.1:${port}/tcp (web): taken by container ${containerName} of project ${projectName}`,
    });
    expect(otherPorts?.fix).toContain(`docker stop ${containerName}`);
  });

  test('an unset required variable fails before anything starts', async () => {
    const { project } = await loadStack(`e2e-doctor-vars-${runId}`, await freePort());
    const env = { ...process.env };
    delete env['DOCTOR_PORT'];
    const [, variables] = await runPreflight(project, env);
    expect(variables).toMatchObject({
      status: 'fail',
      detail: 'compose.yaml:8:20  DOCTOR_PORT is not set: DOCTOR_PORT must be set',
    });
  });
});
