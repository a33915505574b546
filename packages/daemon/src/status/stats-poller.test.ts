import { expect, test } from 'vitest';
import { createMemoryLog } from '../daemon-log.js';
import type { ContainerStats } from '../engine/engine.js';
import { StatusStore } from './status-store.js';
import { StatsPoller } from './stats-poller.js';

const setup = () => {
  const store = new StatusStore();
  store.dispatch({
    kind: 'project-loaded',
    projectName: 'shop',
    workingDir: '/src/shop',
    configFiles: [],
    services: [
      { serviceName: 'db', hasHealthcheck: false },
      { serviceName: 'web', hasHealthcheck: false },
    ],
    configIssues: [],
  });
  const running = (serviceName: string, id: string) => ({
    id,
    name: `shop-${serviceName}-1`,
    image: 'app',
    imageId: 'sha256:1',
    labels: {
      'com.docker.compose.project': 'shop',
      'com.docker.compose.service': serviceName,
      'com.docker.compose.container-number': '1',
    },
    state: 'running',
    restartCount: 0,
    ports: [],
  });
  store.dispatch({
    kind: 'observed',
    projectName: 'shop',
    containers: [running('db', 'c1'), running('web', 'c2')],
    time: 0,
  });
  const answers = new Map<string, ContainerStats | undefined>();
  const poller = new StatsPoller({ stats: async (containerId) => answers.get(containerId) }, store, createMemoryLog(), {
    hasViewers: () => true,
  });
  const usage = () =>
    store
      .project('shop')
      ?.services.map((service) => `${service.serviceName} ${service.cpuPercent ?? '-'} ${service.memoryBytes ?? '-'}`);
  return { answers, poller, usage, store };
};

test('every running service gets CPU and memory, an idle one 0 %; a round without an answer keeps the last figures', async () => {
  const { answers, poller, usage } = setup();
  answers.set('c1', { cpuPercent: 0, memoryBytes: 2048 });
  answers.set('c2', { cpuPercent: 12.34, memoryBytes: 4096 });
  await poller.sample();
  expect(usage()).toEqual(['db 0 2048', 'web 12.3 4096']);
  answers.delete('c2');
  await poller.sample();
  expect(usage()).toEqual(['db 0 2048', 'web 12.3 4096']);
});

test('a round is one status change: the first subscriber call already sees every service sampled', async () => {
  const { answers, poller, store, usage } = setup();
  answers.set('c1', { cpuPercent: 1, memoryBytes: 2048 });
  answers.set('c2', { cpuPercent: 2, memoryBytes: 4096 });
  const seen: (string[] | undefined)[] = [];
  store.subscribe(() => seen.push(usage()));
  await poller.sample();
  expect(seen[0]).toEqual(['db 1 2048', 'web 2 4096']);
});
