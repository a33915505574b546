import { describe, expect, test } from 'vitest';
import type { ContainerPortBinding } from './engine-probe.js';
import type { BindOutcome } from './port-bind-probe.js';
import { type PortProbes, checkPorts } from './port-check.js';
import type { PortHolder } from './proc-sockets.js';
import type { PublishedHostPort } from './published-ports.js';

const web: PublishedHostPort = { serviceName: 'web', hostIp: '127.0.0.1', hostPort: 8080, protocol: 'tcp' };
const db: PublishedHostPort = { serviceName: 'db', hostIp: '0.0.0.0', hostPort: 5432, protocol: 'tcp' };

const inUse: BindOutcome = { free: false, code: 'EADDRINUSE', message: 'address already in use' };

interface World {
  taken?: Record<number, BindOutcome>;
  holders?: Record<number, PortHolder[]>;
  containers?: ContainerPortBinding[] | undefined;
}

const probesFor = (world: World): PortProbes => ({
  tryBind: async (_hostIp, hostPort) => world.taken?.[hostPort] ?? { free: true },
  findHolders: async (hostPort) => world.holders?.[hostPort] ?? [],
  containerPorts: async () => world.containers,
});

const nodeServer: PortHolder = { pid: 4242, command: 'node', commandLine: 'node server.js' };

const binding = (projectName: string | undefined, hostPort: number): ContainerPortBinding => ({
  containerName: `${projectName ?? 'lonely'}-web-1`,
  ...(projectName === undefined ? {} : { projectName }),
  serviceName: 'web',
  hostIp: '0.0.0.0',
  hostPort,
  protocol: 'tcp',
});

describe('checkPorts', () => {
  test.each<{ name: string; ports: PublishedHostPort[]; world: World; expected: unknown }>([
    {
      name: 'no published ports',
      ports: [],
      world: {},
      expected: { status: 'ok', detail: 'no published host ports' },
    },
    {
      name: 'all free',
      ports: [web, db],
      world: {},
      expected: { status: 'ok', detail: '127.0.0.1:8080/tcp (web): free\n0.0.0.0:5432/tcp (db): free' },
    },
    {
      name: 'taken by a process, named',
      ports: [web, db],
      world: { taken: { 8080: inUse }, holders: { 8080: [nodeServer] }, containers: [] },
      expected: {
        status: 'fail',
        detail: '127.0.0.1:8080/tcp (web): taken by node (pid 4242: node server.js)',
        fix: 'stop node (`kill 4242`), or publish another host port in services.web.ports',
      },
    },
    {
      name: "held by this project's own container",
      ports: [web],
      world: {
        taken: { 8080: inUse },
        holders: { 8080: [{ pid: 9, command: 'docker-proxy', commandLine: '' }] },
        containers: [binding('shop', 8080)],
      },
      expected: { status: 'ok', detail: "127.0.0.1:8080/tcp (web): held by this project's own container shop-web-1" },
    },
    {
      name: "held by another project's container",
      ports: [web],
      world: { taken: { 8080: inUse }, containers: [binding('blog', 8080)] },
      expected: {
        status: 'fail',
        detail: '127.0.0.1:8080/tcp (web): taken by container blog-web-1 of project blog',
        fix: 'stop it: `dev down -p blog` (or `docker stop blog-web-1`), or publish another host port in services.web.ports',
      },
    },
    {
      name: 'engine unreachable and holder invisible',
      ports: [web],
      world: { taken: { 8080: inUse }, containers: undefined },
      expected: {
        status: 'fail',
        detail: "127.0.0.1:8080/tcp (web): taken by a process devup cannot see (another user's?)",
        fix: "find it with `sudo ss -ltnp 'sport = :8080'`, stop it, or publish another host port in services.web.ports",
      },
    },
    {
      name: 'host IP not on this machine',
      ports: [{ ...web, hostIp: '10.9.9.9' }],
      world: { taken: { 8080: { free: false, code: 'EADDRNOTAVAIL', message: 'not available' } } },
      expected: {
        status: 'fail',
        detail: '10.9.9.9:8080/tcp (web): 10.9.9.9 is not an address of this machine',
        fix: 'use 127.0.0.1 or 0.0.0.0 as the host IP in services.web.ports',
      },
    },
    {
      name: 'privileged port without rights',
      ports: [{ ...web, hostPort: 80 }],
      world: { taken: { 80: { free: false, code: 'EACCES', message: 'denied' } } },
      expected: {
        status: 'ok',
        detail: '127.0.0.1:80/tcp (web): privileged port, cannot be tested without root (the engine binds it)',
      },
    },
    {
      name: 'the same address twice is checked once',
      ports: [web, { ...web, serviceName: 'web2' }],
      world: {},
      expected: { status: 'ok', detail: '127.0.0.1:8080/tcp (web): free' },
    },
  ])('$name', async ({ ports, world, expected }) => {
    const result = await checkPorts('shop', ports, probesFor(world));
    expect(result).toEqual({ id: 'ports', title: 'Host ports', ...(expected as object) });
  });
});
