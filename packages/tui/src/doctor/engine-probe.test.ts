// The engine probe against a small HTTP server on a unix socket that answers like the engine.
import { createServer, type Server } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEngineProbe } from './engine-probe.js';

let folder = '';
let server: Server;
let socketPath = '';
const requested: string[] = [];

const routes: Record<string, { status: number; body: unknown }> = {
  '/_ping': { status: 200, body: 'OK' },
  '/version': { status: 200, body: { Version: '20.10.24', ApiVersion: '1.41', Os: 'linux', Arch: 'amd64' } },
  '/info': { status: 200, body: { DockerRootDir: '/var/lib/docker' } },
  '/images/debian%3Abookworm-slim/json': { status: 200, body: { Id: 'sha256:1' } },
  '/images/ghcr.io/team/app%3A1/json': { status: 200, body: { Id: 'sha256:2' } },
  '/containers/json': {
    status: 200,
    body: [
      {
        Names: ['/shop-web-1'],
        Labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' },
        Ports: [
          { IP: '127.0.0.1', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
          { PrivatePort: 9000, Type: 'tcp' },
        ],
      },
      { Names: ['/lonely'], Labels: {}, Ports: [{ IP: '0.0.0.0', PrivatePort: 53, PublicPort: 5353, Type: 'udp' }] },
    ],
  },
};

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'doctor-engine-'));
  socketPath = join(folder, 'docker.sock');
  server = createServer((request, response) => {
    requested.push(request.url ?? '');
    const route = routes[request.url ?? ''] ?? { status: 404, body: { message: 'No such image' } };
    response.statusCode = route.status;
    response.end(typeof route.body === 'string' ? route.body : JSON.stringify(route.body));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});

afterAll(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(folder, { recursive: true, force: true });
});

describe('createEngineProbe', () => {
  test('status: pinged and versioned', async () => {
    expect(await createEngineProbe({ DOCKER_HOST: `unix://${socketPath}` }).status()).toEqual({
      reachable: true,
      endpoint: `unix://${socketPath}`,
      version: '20.10.24',
      apiVersion: '1.41',
      os: 'linux',
      arch: 'amd64',
    });
  });

  test('data root, images present and absent', async () => {
    const probe = createEngineProbe({ DOCKER_HOST: `unix://${socketPath}` });
    expect(await probe.dataRoot()).toBe('/var/lib/docker');
    expect(await probe.hasImage('debian:bookworm-slim')).toBe(true);
    expect(await probe.hasImage('ghcr.io/team/app:1')).toBe(true);
    expect(await probe.hasImage('postgres:16')).toBe(false);
  });

  test('published ports of running containers, with their project', async () => {
    expect(await createEngineProbe({ DOCKER_HOST: `unix://${socketPath}` }).publishedPorts()).toEqual([
      {
        containerName: 'shop-web-1',
        projectName: 'shop',
        serviceName: 'web',
        hostIp: '127.0.0.1',
        hostPort: 8080,
        protocol: 'tcp',
      },
      { containerName: 'lonely', hostIp: '0.0.0.0', hostPort: 5353, protocol: 'udp' },
    ]);
  });

  test.each([
    { dockerHost: 'unix:///nonexistent/devup/docker.sock', code: 'ENOENT' },
    { dockerHost: 'ssh://me@box', code: 'EBADHOST' },
  ])('unreachable $dockerHost -> $code', async ({ dockerHost, code }) => {
    expect(await createEngineProbe({ DOCKER_HOST: dockerHost }).status()).toMatchObject({ reachable: false, code });
  });
});
