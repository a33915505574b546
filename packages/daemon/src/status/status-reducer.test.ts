import { describe, expect, test } from 'vitest';
import type { ContainerSummary } from '../engine/engine.js';
import type { StatusEvent } from './status-events.js';
import { deriveProjectStatus } from './derive-status.js';
import { emptyStatusState, reduceStatus, type StatusState } from './status-reducer.js';
import { StatusStore, type StatusChange } from './status-store.js';

const labels = (serviceName: string, number = 1) => ({
  'com.docker.compose.project': 'shop',
  'com.docker.compose.service': serviceName,
  'com.docker.compose.container-number': String(number),
});

const container = (serviceName: string, overrides: Partial<ContainerSummary> = {}): ContainerSummary => ({
  id: `${serviceName}-id`,
  name: `shop-${serviceName}-1`,
  image: 'app',
  imageId: 'sha256:1',
  labels: labels(serviceName),
  state: 'running',
  restartCount: 0,
  ports: [],
  ...overrides,
});

const loaded: StatusEvent = {
  kind: 'project-loaded',
  projectName: 'shop',
  workingDir: '/src/shop',
  configFiles: ['/src/shop/compose.yaml'],
  services: [
    { serviceName: 'db', hasHealthcheck: true },
    { serviceName: 'web', hasHealthcheck: false },
  ],
  configIssues: [],
};

const fold = (events: StatusEvent[], from: StatusState = emptyStatusState()): StatusState =>
  events.reduce(reduceStatus, from);
const service = (state: StatusState, serviceName: string) =>
  deriveProjectStatus(state.projects['shop']!).services.find((entry) => entry.serviceName === serviceName)!;

const die = (serviceName: string, time: number, exitCode = 3): StatusEvent => ({
  kind: 'engine',
  event: {
    kind: 'container',
    action: 'die',
    containerId: `${serviceName}-id`,
    labels: labels(serviceName),
    exitCode,
    time,
  },
});

describe('service state', () => {
  test.each<[string, Partial<ContainerSummary>, string, string | undefined]>([
    ['running without healthcheck', {}, 'running', undefined],
    ['healthy', { health: 'healthy' }, 'healthy', 'healthy'],
    ['unhealthy', { health: 'unhealthy' }, 'unhealthy', 'unhealthy'],
    ['restarting', { state: 'restarting' }, 'restarting', undefined],
    ['created', { state: 'created' }, 'created', undefined],
    ['exited', { state: 'exited', exitCode: 1 }, 'exited', undefined],
  ])('%s', (_name, overrides, state, health) => {
    const next = fold([
      loaded,
      { kind: 'observed', projectName: 'shop', containers: [container('web', overrides)], time: 0 },
    ]);
    expect(service(next, 'web').state).toBe(state);
    expect(service(next, 'web').health).toBe(health);
  });

  test('a service with a healthcheck and no health yet is starting; one without containers is absent', () => {
    const next = fold([loaded, { kind: 'observed', projectName: 'shop', containers: [container('db')], time: 0 }]);
    expect(service(next, 'db').state).toBe('starting');
    expect(service(next, 'web').state).toBe('absent');
  });

  test('published ports become URLs; 0.0.0.0 is browsed on 127.0.0.1', () => {
    const next = fold([
      loaded,
      {
        kind: 'observed',
        projectName: 'shop',
        containers: [
          container('web', {
            ports: [
              { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp' },
              { hostIp: '127.0.0.1', hostPort: 5353, containerPort: 53, protocol: 'udp' },
            ],
          }),
        ],
        time: 0,
      },
    ]);
    expect(service(next, 'web').ports).toEqual([
      { hostIp: '127.0.0.1', hostPort: 5353, containerPort: 53, protocol: 'udp' },
      { hostIp: '0.0.0.0', hostPort: 8080, containerPort: 80, protocol: 'tcp', url: 'http://127.0.0.1:8080' },
    ]);
  });

  test('a dependent waits with the reason, until its container starts', () => {
    const waiting = fold([
      loaded,
      {
        kind: 'runner',
        projectName: 'shop',
        event: { kind: 'progress', serviceName: 'web', text: 'waiting on db: healthy' },
        time: 0,
      },
    ]);
    expect(service(waiting, 'web')).toMatchObject({ state: 'waiting', waitingOn: 'waiting on db: healthy' });
    const started = fold(
      [
        { kind: 'observed', projectName: 'shop', containers: [container('web')], time: 1 },
        {
          kind: 'engine',
          event: { kind: 'container', action: 'start', containerId: 'web-id', labels: labels('web'), time: 1 },
        },
      ],
      waiting,
    );
    expect(service(started, 'web').state).toBe('running');
    expect(service(started, 'web').waitingOn).toBeUndefined();
  });

  test('the cause of a recreate comes from the printed plan', () => {
    const next = fold([
      loaded,
      {
        kind: 'runner',
        projectName: 'shop',
        event: { kind: 'plan', text: '[] -> #1 service:web:1 recreate-container  config changed: environment.DEBUG' },
        time: 0,
      },
    ]);
    expect(service(next, 'web').recreatedBecause).toBe('config changed: environment.DEBUG');
  });

  test('a stop by the user reads as stopped, not as a failure', () => {
    const next = fold([
      loaded,
      {
        kind: 'engine',
        event: {
          kind: 'container',
          action: 'die',
          containerId: 'web-id',
          labels: labels('web'),
          exitCode: 143,
          time: 0,
        },
      },
      {
        kind: 'engine',
        event: { kind: 'container', action: 'stop', containerId: 'web-id', labels: labels('web'), time: 0 },
      },
      {
        kind: 'observed',
        projectName: 'shop',
        containers: [container('web', { state: 'exited', exitCode: 143 })],
        time: 0,
      },
    ]);
    expect(service(next, 'web')).toMatchObject({ state: 'stopped', exitCode: 143 });
  });
});

describe('crash loop', () => {
  const restarting = {
    kind: 'container',
    projectName: 'shop',
    container: container('web', { state: 'restarting', exitCode: 3, restartCount: 3 }),
    time: 0,
  } as const;

  test('three dies within a minute while restarting: crash-loop with exit code, OOM flag and last lines', () => {
    const next = fold([
      loaded,
      die('web', 1_000),
      die('web', 2_000),
      {
        kind: 'engine',
        event: { kind: 'container', action: 'oom', containerId: 'web-id', labels: labels('web'), time: 2_500 },
      },
      die('web', 4_000),
      restarting,
      { kind: 'last-lines', projectName: 'shop', serviceName: 'web', lines: ['starting', 'fatal: no config'] },
    ]);
    expect(service(next, 'web')).toMatchObject({
      state: 'crash-loop',
      exitCode: 3,
      oomKilled: true,
      restarts: 3,
      lastLines: ['starting', 'fatal: no config'],
    });
  });

  test('two dies is not a loop; dies older than the window age out on a tick', () => {
    const two = fold([loaded, die('web', 1_000), die('web', 2_000), restarting]);
    expect(service(two, 'web').state).toBe('restarting');
    const looping = fold([die('web', 3_000)], two);
    expect(service(looping, 'web').state).toBe('crash-loop');
    const calm = fold(
      [
        { kind: 'tick', time: 120_000 },
        { ...restarting, container: container('web', { restartCount: 3 }) },
      ],
      looping,
    );
    expect(service(calm, 'web').state).toBe('running');
  });
});

describe('StatusStore', () => {
  test('emits one change per service that differs, and fills last lines on a crash loop', () => {
    const store = new StatusStore((_project, serviceName) => [`last words of ${serviceName}`]);
    const changes: StatusChange[] = [];
    store.subscribe((change) => changes.push(change));
    store.dispatch(loaded);
    store.dispatch({
      kind: 'observed',
      projectName: 'shop',
      containers: [container('web', { state: 'restarting', restartCount: 1 })],
      time: 0,
    });
    for (const time of [1, 2, 3]) store.dispatch(die('web', time));
    expect(changes.map((change) => change.kind)).toEqual(['project', 'service', 'service']);
    expect(store.project('shop')?.services.find((entry) => entry.serviceName === 'web')).toMatchObject({
      state: 'crash-loop',
      lastLines: ['last words of web'],
    });
    store.dispatch({ kind: 'project-removed', projectName: 'shop' });
    expect(changes.at(-1)).toEqual({ kind: 'project-removed', projectName: 'shop' });
  });

  test('lines that reach the hub after the exit was reported still show on a crash loop', () => {
    const hubLines: string[] = [];
    const store = new StatusStore(() => [...hubLines]);
    store.dispatch(loaded);
    store.dispatch({
      kind: 'observed',
      projectName: 'shop',
      containers: [container('web', { state: 'restarting', restartCount: 1 })],
      time: 0,
    });
    store.linesArrived('shop', 'web');
    for (const time of [1, 2, 3]) store.dispatch(die('web', time));
    const web = () => store.project('shop')?.services.find((entry) => entry.serviceName === 'web');
    expect(web()).toMatchObject({ state: 'crash-loop' });
    expect(web()?.lastLines).toBeUndefined();
    hubLines.push('starting', 'fatal: cannot read /etc/app.conf');
    store.linesArrived('shop', 'web');
    expect(web()?.lastLines).toEqual(['starting', 'fatal: cannot read /etc/app.conf']);
  });

  test('events for projects it does not serve change nothing', () => {
    const store = new StatusStore();
    const changes: StatusChange[] = [];
    store.subscribe((change) => changes.push(change));
    store.dispatch(die('web', 1));
    expect(changes).toEqual([]);
    expect(store.projects()).toEqual([]);
  });
});

test('resource use shows on running services only', () => {
  const running = fold([
    loaded,
    { kind: 'observed', projectName: 'shop', containers: [container('web')], time: 0 },
    { kind: 'stats', projectName: 'shop', serviceName: 'web', usage: { cpuPercent: 12.5, memoryBytes: 1024 } },
  ]);
  expect(service(running, 'web')).toMatchObject({ cpuPercent: 12.5, memoryBytes: 1024 });
  const stopped = fold(
    [
      {
        kind: 'observed',
        projectName: 'shop',
        containers: [container('web', { state: 'exited', exitCode: 0 })],
        time: 1,
      },
    ],
    running,
  );
  expect(service(stopped, 'web').cpuPercent).toBeUndefined();
});
