import { describe, expect, test } from 'vitest';
import {
  cpuPercentFromStats,
  labelFilters,
  memoryBytesFromStats,
  summaryFromInspect,
  summaryFromListEntry,
  toCreateContainerBody,
} from './docker-api-mapping.js';

describe('Docker API mapping', () => {
  test('a ContainerSpec becomes the create body', () => {
    expect(
      toCreateContainerBody({
        name: 'p-web-1',
        image: 'web:1',
        labels: { a: 'b' },
        command: ['serve'],
        env: ['A=1'],
        tty: false,
        openStdin: false,
        stopSignal: 'SIGINT',
        stopTimeoutSeconds: 20,
        healthcheck: { test: ['CMD', 'true'], intervalNs: 1e9, retries: 3 },
        exposedPorts: ['80/tcp'],
        host: {
          binds: ['/src:/app:ro'],
          mounts: [
            { type: 'volume', source: 'p_data', target: '/data', readOnly: false, noCopy: true },
            { type: 'tmpfs', target: '/tmp', readOnly: false, tmpfsSizeBytes: 1024 },
          ],
          portBindings: { '80/tcp': [{ hostIp: '127.0.0.1', hostPort: '8080' }] },
          restartPolicy: { name: 'on-failure', maximumRetryCount: 2 },
          extraHosts: ['db:10.0.0.2'],
        },
        network: { name: 'p_default', aliases: ['web'] },
      }),
    ).toMatchInlineSnapshot(`
      {
        "AttachStderr": true,
        "AttachStdin": false,
        "AttachStdout": true,
        "Cmd": [
          "serve",
        ],
        "Entrypoint": undefined,
        "Env": [
          "A=1",
        ],
        "ExposedPorts": {
          "80/tcp": {},
        },
        "Healthcheck": {
          "Interval": 1000000000,
          "Retries": 3,
          "StartInterval": undefined,
          "StartPeriod": undefined,
          "Test": [
            "CMD",
            "true",
          ],
          "Timeout": undefined,
        },
        "HostConfig": {
          "Binds": [
            "/src:/app:ro",
          ],
          "ExtraHosts": [
            "db:10.0.0.2",
          ],
          "Init": undefined,
          "Memory": undefined,
          "Mounts": [
            {
              "ReadOnly": false,
              "Source": "p_data",
              "Target": "/data",
              "Type": "volume",
              "VolumeOptions": {
                "NoCopy": true,
              },
            },
            {
              "ReadOnly": false,
              "Source": undefined,
              "Target": "/tmp",
              "TmpfsOptions": {
                "Mode": undefined,
                "SizeBytes": 1024,
              },
              "Type": "tmpfs",
            },
          ],
          "NanoCpus": undefined,
          "PidsLimit": undefined,
          "PortBindings": {
            "80/tcp": [
              {
                "HostIp": "127.0.0.1",
                "HostPort": "8080",
              },
            ],
          },
          "RestartPolicy": {
            "MaximumRetryCount": 2,
            "Name": "on-failure",
          },
        },
        "Hostname": undefined,
        "Image": "web:1",
        "Labels": {
          "a": "b",
        },
        "NetworkingConfig": {
          "EndpointsConfig": {
            "p_default": {
              "Aliases": [
                "web",
              ],
            },
          },
        },
        "OpenStdin": false,
        "StopSignal": "SIGINT",
        "StopTimeout": 20,
        "Tty": false,
        "User": undefined,
        "WorkingDir": undefined,
        "name": "p-web-1",
      }
    `);
  });

  test.each([
    ['Up 3 seconds (healthy)', 'running', { health: 'healthy' }],
    ['Up 1 second (health: starting)', 'running', { health: 'starting' }],
    ['Exited (3) 2 seconds ago', 'exited', { exitCode: 3 }],
    ['Created', 'created', {}],
  ])('a listed container with status %j', (status, state, expected) => {
    const summary = summaryFromListEntry({
      Id: 'abc',
      Names: ['/p-web-1'],
      Image: 'web:1',
      ImageID: 'sha256:1',
      Labels: {},
      State: state,
      Status: status,
      Ports: [
        { IP: '127.0.0.1', PrivatePort: 80, PublicPort: 8080, Type: 'tcp' },
        { PrivatePort: 443, Type: 'tcp' },
      ],
    });
    expect(summary).toEqual({
      id: 'abc',
      name: 'p-web-1',
      image: 'web:1',
      imageId: 'sha256:1',
      labels: {},
      state,
      restartCount: 0,
      ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp' }],
      ...expected,
    });
  });

  test('an inspected container keeps health, exit code, OOM, restarts, times and ports', () => {
    expect(
      summaryFromInspect({
        Id: 'abc',
        Name: '/p-db-1',
        Image: 'sha256:2',
        RestartCount: 4,
        Config: { Image: 'db:1', Labels: null },
        State: {
          Status: 'exited',
          ExitCode: 137,
          OOMKilled: true,
          StartedAt: '2026-01-01T00:00:00Z',
          FinishedAt: '0001-01-01T00:00:00Z',
          Health: { Status: 'unhealthy' },
        },
        NetworkSettings: { Ports: { '5432/tcp': [{ HostIp: '0.0.0.0', HostPort: '5432' }], '9/udp': null } },
      }),
    ).toEqual({
      id: 'abc',
      name: 'p-db-1',
      image: 'db:1',
      imageId: 'sha256:2',
      labels: {},
      state: 'exited',
      health: 'unhealthy',
      exitCode: 137,
      oomKilled: true,
      restartCount: 4,
      startedAt: '2026-01-01T00:00:00Z',
      ports: [{ hostIp: '0.0.0.0', hostPort: 5432, containerPort: 5432, protocol: 'tcp' }],
    });
  });

  test('label filters and stats figures', () => {
    expect(labelFilters({ 'com.docker.compose.project': 'p', 'dev.devup.managed': '' })).toEqual({
      label: ['com.docker.compose.project=p', 'dev.devup.managed'],
    });
    const stats = {
      cpu_stats: { cpu_usage: { total_usage: 300 }, system_cpu_usage: 2000, online_cpus: 2 },
      precpu_stats: { cpu_usage: { total_usage: 100 }, system_cpu_usage: 1000 },
      memory_stats: { usage: 5000, stats: { inactive_file: 1000 } },
    };
    expect(cpuPercentFromStats(stats)).toBe(40);
    expect(memoryBytesFromStats(stats)).toBe(4000);
  });
});
