import { describe, expect, test } from 'vitest';
import type { Service } from '@devup/schema';
import { deriveDesired } from './desired.js';
import { makeProject, makeService } from '@devup/schema/testing';

const specOf = (fields: Partial<Service>, projectFields: Parameters<typeof makeProject>[2] = {}) => {
  const desired = deriveDesired(makeProject('p', [makeService('web', fields)], projectFields), {
    environment: { API_TOKEN: 'tok' },
  });
  return desired.services['web']!.containers[0]!;
};

describe('deriveDesired', () => {
  test('Compose labels, name, default network with the service name as alias', () => {
    const container = specOf({ depends_on: { db: { condition: 'service_healthy', required: false } } });
    expect(container.name).toBe('p-web-1');
    expect(container.spec.network).toEqual({ name: 'p_default', aliases: ['web'] });
    const {
      ['com.docker.compose.config-hash']: hash,
      ['dev.devup.config-keys']: keys,
      ...labels
    } = container.spec.labels;
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.parse(keys ?? '{}')).toHaveProperty('image');
    expect(labels).toEqual({
      'com.docker.compose.project': 'p',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '1',
      'com.docker.compose.oneoff': 'False',
      'com.docker.compose.project.working_dir': '/work/p',
      'com.docker.compose.project.config_files': '/work/p/compose.yaml',
      'com.docker.compose.version': '0.1.0',
      'com.docker.compose.depends_on': 'db:service_healthy:false',
      'dev.devup.managed': 'true',
      'dev.devup.version': '0.1.0',
    });
  });

  test.each<[string, Partial<Service>, (spec: ReturnType<typeof specOf>['spec']) => unknown, unknown]>([
    [
      'published ports',
      {
        ports: [{ mode: 'ingress', target: 80, published: '8080', protocol: 'tcp', host_ip: '127.0.0.1' }],
        expose: ['9000'],
      },
      (s) => [s.exposedPorts, s.host.portBindings],
      [['80/tcp', '9000/tcp'], { '80/tcp': [{ hostIp: '127.0.0.1', hostPort: '8080' }] }],
    ],
    [
      'ephemeral port',
      { ports: [{ mode: 'ingress', target: 53, protocol: 'udp' }] },
      (s) => s.host.portBindings,
      { '53/udp': [{ hostIp: '', hostPort: '' }] },
    ],
    [
      'healthcheck durations in ns',
      { healthcheck: { test: ['CMD', 'true'], interval: '1m30s', timeout: '500ms', start_period: '2s', retries: 3 } },
      (s) => s.healthcheck,
      { test: ['CMD', 'true'], intervalNs: 90e9, timeoutNs: 500e6, startPeriodNs: 2e9, retries: 3 },
    ],
    ['disabled healthcheck', { healthcheck: { disable: true } }, (s) => s.healthcheck, { test: ['NONE'] }],
    [
      'restart on-failure:3',
      { restart: 'on-failure:3' },
      (s) => s.host.restartPolicy,
      { name: 'on-failure', maximumRetryCount: 3 },
    ],
    ['no restart policy', {}, (s) => s.host.restartPolicy, { name: 'no' }],
    [
      'stop signal and grace',
      { stop_signal: 'SIGINT', stop_grace_period: '1m' },
      (s) => [s.stopSignal, s.stopTimeoutSeconds, s.labels['dev.devup.stop-grace-seconds']],
      ['SIGINT', 60, '60'],
    ],
    ['environment without unset values', { environment: { A: '1', B: null, C: '' } }, (s) => s.env, ['A=1', 'C=']],
    [
      'resources',
      { resources: { cpus: '0.5', memory: 268435456, pids: 100 } },
      (s) => [s.host.nanoCpus, s.host.memoryBytes, s.host.pidsLimit],
      [500000000, 268435456, 100],
    ],
    [
      'extra hosts in engine form',
      { extra_hosts: ['somehost=162.242.195.82'] },
      (s) => s.host.extraHosts,
      ['somehost:162.242.195.82'],
    ],
  ])('%s', (_name, fields, pick, expected) => {
    expect(pick(specOf(fields).spec)).toEqual(expected);
  });

  test('named volumes get the project prefix; binds and tmpfs are mounted as written', () => {
    const container = specOf(
      {
        volumes: [
          { type: 'volume', source: 'data', target: '/data' },
          { type: 'volume', target: '/anonymous' },
          { type: 'bind', source: '/src', target: '/app', read_only: true, bind: { create_host_path: true } },
          { type: 'bind', source: '/strict', target: '/strict', bind: { create_host_path: false } },
          { type: 'tmpfs', target: '/tmp', tmpfs: { size: 1024, mode: 0o1777 } },
        ],
      },
      { volumes: { data: { name: 'p_data', labels: {} } } },
    );
    expect(container.spec.host.binds).toEqual(['/src:/app:ro']);
    expect(container.spec.host.mounts).toEqual([
      { type: 'volume', source: 'p_data', target: '/data', readOnly: false },
      { type: 'volume', target: '/anonymous', readOnly: false },
      { type: 'bind', source: '/strict', target: '/strict', readOnly: false },
      { type: 'tmpfs', target: '/tmp', readOnly: false, tmpfsSizeBytes: 1024, tmpfsMode: 0o1777 },
    ]);
  });

  test('secrets and configs: files bind-mounted read-only, environment and content copied in', () => {
    const container = specOf(
      {
        secrets: [{ source: 'db_password' }, { source: 'token', target: 'api/token', mode: 0o400 }],
        configs: [{ source: 'nginx', target: '/etc/nginx/nginx.conf' }, { source: 'motd' }],
      },
      {
        secrets: {
          db_password: { name: 'db_password', file: '/work/p/secrets/db.txt' },
          token: { name: 'token', environment: 'API_TOKEN' },
        },
        configs: { nginx: { name: 'nginx', file: '/work/p/nginx.conf' }, motd: { name: 'motd', content: 'hello' } },
      },
    );
    expect(container.spec.host.binds).toEqual([
      '/work/p/secrets/db.txt:/run/secrets/db_password:ro',
      '/work/p/nginx.conf:/etc/nginx/nginx.conf:ro',
    ]);
    expect(container.files).toEqual([
      { path: '/run/secrets/api/token', content: 'tok', mode: 0o400 },
      { path: '/motd', content: 'hello', mode: 0o444 },
    ]);
  });

  test('replicas, named networks by priority with aliases, and the networks that get created', () => {
    const desired = deriveDesired(
      makeProject(
        'p',
        [makeService('api', { replicas: 2, networks: { front: { aliases: ['gateway'] }, back: { priority: 10 } } })],
        {
          networks: {
            front: { name: 'p_front', labels: {} },
            back: { name: 'shared-back', labels: {}, external: true },
          },
        },
      ),
      { environment: {} },
    );
    const containers = desired.services['api']!.containers;
    expect(containers.map((container) => container.name)).toEqual(['p-api-1', 'p-api-2']);
    expect(containers[0]!.spec.network).toEqual({ name: 'shared-back', aliases: ['api'] });
    expect(containers[0]!.extraNetworks).toEqual([{ name: 'p_front', aliases: ['api', 'gateway'] }]);
    expect(desired.networks.map((network) => [network.name, network.external])).toEqual([
      ['shared-back', true],
      ['p_front', false],
    ]);
  });
});
