import { describe, expect, test } from 'vitest';
import { checkEngine } from './engine-check.js';
import { parseEngineEndpoint } from './engine-endpoint.js';
import type { EngineStatus } from './engine-probe.js';

describe('parseEngineEndpoint', () => {
  test.each([
    { env: {}, expected: { kind: 'unix', socketPath: '/var/run/docker.sock', display: 'unix:///var/run/docker.sock' } },
    {
      env: { DOCKER_HOST: 'unix:///run/user/1000/docker.sock' },
      expected: {
        kind: 'unix',
        socketPath: '/run/user/1000/docker.sock',
        display: 'unix:///run/user/1000/docker.sock',
      },
    },
    {
      env: { DOCKER_HOST: 'tcp://127.0.0.1:2375' },
      expected: { kind: 'tcp', host: '127.0.0.1', port: 2375, display: 'tcp://127.0.0.1:2375' },
    },
    {
      env: { DOCKER_HOST: 'tcp://docker' },
      expected: { kind: 'tcp', host: 'docker', port: 2375, display: 'tcp://docker' },
    },
  ])('$env', ({ env, expected }) => {
    expect(parseEngineEndpoint(env)).toEqual({ ok: true, endpoint: expected });
  });

  test.each(['ssh://me@box', 'unix://', 'npipe:////./pipe/docker_engine'])('refuses %s', (dockerHost) => {
    expect(parseEngineEndpoint({ DOCKER_HOST: dockerHost }).ok).toBe(false);
  });
});

const down = (code: string): EngineStatus => ({
  reachable: false,
  endpoint: 'unix:///var/run/docker.sock',
  code,
  message: `connect ${code}`,
});

describe('checkEngine', () => {
  test('reachable and recent', () => {
    expect(
      checkEngine({
        reachable: true,
        endpoint: 'unix:///var/run/docker.sock',
        version: '20.10.24',
        apiVersion: '1.41',
        os: 'linux',
        arch: 'amd64',
      }),
    ).toEqual({
      id: 'engine',
      title: 'Docker engine',
      status: 'ok',
      detail: 'reachable at unix:///var/run/docker.sock: Docker 20.10.24 (API 1.41, linux/amd64)',
    });
  });

  test('an old engine warns', () => {
    const result = checkEngine({ reachable: true, endpoint: 'tcp://h:2375', version: '19.03.1', apiVersion: '1.40' });
    expect([result.status, result.detail]).toEqual([
      'warn',
      'reachable at tcp://h:2375: Docker 19.03.1 (API 1.40); older than API 1.41',
    ]);
  });

  test.each([
    {
      code: 'ENOENT',
      detail: 'not reachable: no engine socket at unix:///var/run/docker.sock',
      fixStart: 'start the engine: `sudo systemctl start docker`',
    },
    {
      code: 'ECONNREFUSED',
      detail: 'not reachable: nothing listens at unix:///var/run/docker.sock',
      fixStart: 'start the engine: `sudo systemctl start docker`',
    },
    {
      code: 'EACCES',
      detail: 'not reachable: permission denied opening unix:///var/run/docker.sock',
      fixStart: 'you may not open unix:///var/run/docker.sock',
    },
    {
      code: 'ETIMEDOUT',
      detail: 'not reachable: unix:///var/run/docker.sock: connect ETIMEDOUT',
      fixStart: 'the engine at unix:///var/run/docker.sock does not answer',
    },
  ])('$code fails with a fix', ({ code, detail, fixStart }) => {
    const result = checkEngine(down(code));
    expect(result.status).toBe('fail');
    expect(result.detail).toBe(detail);
    expect(result.fix?.startsWith(fixStart)).toBe(true);
  });
});
