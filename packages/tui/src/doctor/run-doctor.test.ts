import type { ConfigIssue } from '@devup/schema';
import { describe, expect, test } from 'vitest';
import { makeProject, makeService } from '@devup/schema/testing';
import type { EngineProbe } from './engine-probe.js';
import type { LoadInput, LoadOutcome } from './load-outcome.js';
import { type DoctorProbes, placeholderValue, runDoctor } from './run-doctor.js';

const gib = 1024 ** 3;

const project = makeProject('shop', [
  makeService('web', {
    build: { context: '/src/shop/web', dockerfile: 'Dockerfile', args: {}, labels: {} },
    ports: [{ mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8080', protocol: 'tcp' }],
    develop: { watch: [{ action: 'sync', path: '/src/shop/web/app', target: '/app', ignore: [], include: [] }] },
  }),
  makeService('db', { image: 'postgres:16' }),
]);

const upEngine: EngineProbe = {
  status: async () => ({
    reachable: true,
    endpoint: 'unix:///var/run/docker.sock',
    version: '20.10.24',
    apiVersion: '1.41',
  }),
  dataRoot: async () => '/var/lib/docker',
  hasImage: async (reference) => ['postgres:16', 'debian:bookworm-slim'].includes(reference),
  publishedPorts: async () => [],
};

const downEngine: EngineProbe = {
  status: async () => ({
    reachable: false,
    endpoint: 'unix:///nowhere.sock',
    code: 'ENOENT',
    message: 'connect ENOENT',
  }),
  dataRoot: async () => {
    throw new Error('must not be asked');
  },
  hasImage: async () => {
    throw new Error('must not be asked');
  },
  publishedPorts: async () => {
    throw new Error('must not be asked');
  },
};

const requiredIssue: ConfigIssue = {
  severity: 'error',
  file: 'compose.yaml',
  line: 5,
  column: 12,
  path: 'services.web.environment.SECRET',
  message: 'required variable SECRET is missing a value: SECRET must be set',
  code: 'interpolation',
};

const probes = (fields: Partial<DoctorProbes> = {}): DoctorProbes => ({
  engine: upEngine,
  daemon: async () => ({ state: 'running', version: '0.1.0' }),
  disk: async (path) => ({ measuredPath: path, freeBytes: 50 * gib, totalBytes: 100 * gib }),
  inotify: async () => ({
    source: '/proc/sys/fs/inotify',
    maxUserWatches: 8192,
    maxUserInstances: 128,
    watchesInUse: 0,
    instancesInUse: 0,
  }),
  tryBind: async () => ({ free: true }),
  findHolders: async () => [],
  readText: async (path) => (path === '/src/shop/web/Dockerfile' ? 'FROM debian:bookworm-slim\n' : undefined),
  countWatchedFolders: async () => ({ folders: 3, truncated: false, missing: [] }),
  loadProject: async () => ({ ok: true, project, warnings: [] }),
  findConfigFolder: () => '/src/shop',
  platform: 'linux',
  ...fields,
});

const statuses = async (fields: Partial<DoctorProbes>) =>
  Object.fromEntries(
    (await runDoctor({ cwd: '/src/shop', env: {} }, probes(fields))).checks.map((check) => [check.id, check.status]),
  );

describe('runDoctor', () => {
  test('a ready machine passes every check', async () => {
    expect(await statuses({})).toEqual({
      engine: 'ok',
      daemon: 'ok',
      config: 'ok',
      variables: 'ok',
      ports: 'ok',
      images: 'ok',
      'watch-limit': 'ok',
      disk: 'ok',
    });
  });

  test('an engine that is down fails without waiting on it again', async () => {
    expect(await statuses({ engine: downEngine })).toMatchObject({ engine: 'fail', images: 'warn', disk: 'ok' });
  });

  test('outside a project only the machine is checked', async () => {
    expect(await statuses({ findConfigFolder: () => undefined })).toEqual({
      engine: 'ok',
      daemon: 'ok',
      config: 'warn',
      disk: 'ok',
    });
  });

  test('an unset required variable fails; the rest is checked with a placeholder', async () => {
    const seen: LoadInput[] = [];
    const loadProject = async (input: LoadInput): Promise<LoadOutcome> => {
      seen.push(input);
      return input.env['SECRET'] === undefined ? { ok: false, issues: [requiredIssue] } : { ok: true, project };
    };
    expect(await statuses({ loadProject })).toMatchObject({
      config: 'ok',
      variables: 'fail',
      ports: 'ok',
      images: 'warn',
      'watch-limit': 'ok',
    });
    expect(seen.map((input) => input.env['SECRET'])).toEqual([undefined, placeholderValue]);
  });

  test('other config errors fail the configuration and skip project checks', async () => {
    const broken: ConfigIssue = {
      ...requiredIssue,
      message: 'unknown service "dbb"',
      path: 'services.web.depends_on',
      code: 'unknown-dependency',
    };
    expect(await statuses({ loadProject: async () => ({ ok: false, issues: [broken] }) })).toMatchObject({
      config: 'fail',
      variables: 'ok',
      ports: 'warn',
      images: 'warn',
      'watch-limit': 'warn',
    });
  });

  test('a taken port and a low watch limit fail', async () => {
    expect(
      await statuses({
        tryBind: async () => ({ free: false, code: 'EADDRINUSE', message: 'in use' }),
        findHolders: async () => [{ pid: 7, command: 'node', commandLine: 'node server.js' }],
        inotify: async () => ({ source: '/tmp/fake', maxUserWatches: 2 }),
      }),
    ).toMatchObject({ ports: 'fail', 'watch-limit': 'fail' });
  });

  test('passes the CLI options to the loader', async () => {
    const seen: LoadInput[] = [];
    await runDoctor(
      { cwd: '/src/shop', env: { A: '1', B: undefined }, files: ['dev.yaml'], profiles: ['mongo'], projectName: 'p' },
      probes({
        loadProject: async (input) => {
          seen.push(input);
          return { ok: true, project };
        },
      }),
    );
    expect(seen).toEqual([
      { cwd: '/src/shop', env: { A: '1' }, files: ['dev.yaml'], profiles: ['mongo'], projectName: 'p' },
    ]);
  });
});

describe('runDoctor with a loader that throws', () => {
  test('reports the configuration as failed instead of crashing', async () => {
    const report = await runDoctor(
      { cwd: '/src/shop', env: {} },
      probes({
        loadProject: async () => {
          throw new Error('EACCES: permission denied, open compose.yaml');
        },
      }),
    );
    expect(report.checks.find((check) => check.id === 'config')).toMatchObject({
      status: 'fail',
      detail: 'loading the configuration failed: EACCES: permission denied, open compose.yaml',
    });
  });
});
