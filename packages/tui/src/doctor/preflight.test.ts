import { describe, expect, test } from 'vitest';
import { makeProject, makeService } from '@devup/schema/testing';
import type { ContainerPortBinding } from './engine-probe.js';
import { type PreflightProbes, runPreflight } from './preflight.js';

const project = makeProject(
  'shop',
  [
    makeService('web', {
      ports: [{ mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'tcp' }],
    }),
  ],
  { working_dir: '/src/shop', config_files: ['/src/shop/compose.yaml'] },
);

const compose =
  'services:\n  web:\n    environment:\n      SECRET: ${SECRET:?SECRET must be set}\n      MODE: ${MODE?}\n';

const probesFor = (
  files: Record<string, string>,
  portTaken: boolean,
  containers: ContainerPortBinding[] = [],
): PreflightProbes => ({
  ports: {
    tryBind: async () => (portTaken ? { free: false, code: 'EADDRINUSE', message: 'in use' } : { free: true }),
    findHolders: async () => [{ pid: 31, command: 'python3', commandLine: 'python3 -m http.server 8080' }],
    containerPorts: async () => containers,
  },
  readText: async (path) => files[path],
});

const ownContainer: ContainerPortBinding = {
  containerName: 'shop-web-1',
  projectName: 'shop',
  serviceName: 'web',
  hostIp: '127.0.0.1',
  hostPort: 8080,
  protocol: 'tcp',
};

describe('runPreflight', () => {
  test.each([
    {
      name: 'all set, port free',
      env: { SECRET: 's', MODE: '' },
      dotenv: '',
      taken: false,
      containers: [],
      expected: ['ok', 'ok'],
    },
    {
      name: 'variables from .env count',
      env: {},
      dotenv: 'SECRET=s\nexport MODE=dev\n',
      taken: false,
      containers: [],
      expected: ['ok', 'ok'],
    },
    {
      name: 'an empty value fails :?',
      env: { SECRET: '', MODE: 'x' },
      dotenv: '',
      taken: false,
      containers: [],
      expected: ['ok', 'fail'],
    },
    {
      name: 'port taken by a process',
      env: { SECRET: 's', MODE: 'x' },
      dotenv: '',
      taken: true,
      containers: [],
      expected: ['fail', 'ok'],
    },
    {
      name: "a second `dev up`: the port is this project's own",
      env: { SECRET: 's', MODE: 'x' },
      dotenv: '',
      taken: true,
      containers: [ownContainer],
      expected: ['ok', 'ok'],
    },
    {
      name: "another project's container of the same name is no excuse",
      env: { SECRET: 's', MODE: 'x' },
      dotenv: '',
      taken: true,
      containers: [{ ...ownContainer, projectName: 'blog' }],
      expected: ['fail', 'ok'],
    },
  ])('$name', async ({ env, dotenv, taken, containers, expected }) => {
    const probes = probesFor({ '/src/shop/compose.yaml': compose, '/src/shop/.env': dotenv }, taken, containers);
    const results = await runPreflight(project, env, { probes });
    expect(results.map((result) => result.status)).toEqual(expected);
  });

  test('a missing variable is reported at its place', async () => {
    const [, variables] = await runPreflight(
      project,
      { MODE: 'x' },
      { probes: probesFor({ '/src/shop/compose.yaml': compose }, false) },
    );
    expect(variables?.detail).toBe('compose.yaml:4:15  SECRET is not set: SECRET must be set');
  });
});
