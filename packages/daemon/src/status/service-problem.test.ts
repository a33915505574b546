// A service the last command could not run keeps the reason in its status until it starts.

import { expect, test } from 'vitest';
import type { ContainerSummary } from '../engine/engine.js';
import { deriveProjectStatus } from './derive-status.js';
import type { StatusEvent } from './status-events.js';
import { emptyStatusState, reduceStatus, type StatusState } from './status-reducer.js';

const labels = {
  'com.docker.compose.project': 'shop',
  'com.docker.compose.service': 'web',
  'com.docker.compose.container-number': '1',
};
const web = (state: ContainerSummary['state']): ContainerSummary => ({
  id: 'web-id',
  name: 'shop-web-1',
  image: 'app',
  imageId: 'sha256:1',
  labels,
  state,
  restartCount: 0,
  ports: [],
});
const loaded: StatusEvent = {
  kind: 'project-loaded',
  projectName: 'shop',
  workingDir: '/src/shop',
  configFiles: [],
  configIssues: [],
  services: [
    { serviceName: 'db', hasHealthcheck: true },
    { serviceName: 'web', hasHealthcheck: false },
  ],
};
const fold = (events: StatusEvent[], from: StatusState = emptyStatusState()): StatusState =>
  events.reduce(reduceStatus, from);
const webStatus = (state: StatusState) =>
  deriveProjectStatus(state.projects['shop']!).services.find((entry) => entry.serviceName === 'web')!;

test('a dependent not run because its dependency failed shows why, and forgets it once started', () => {
  const failed = fold([
    loaded,
    { kind: 'observed', projectName: 'shop', containers: [web('created')], time: 0 },
    {
      kind: 'runner',
      projectName: 'shop',
      event: { kind: 'progress', serviceName: 'web', text: 'waiting on db: healthy' },
      time: 0,
    },
    {
      kind: 'runner',
      projectName: 'shop',
      event: { kind: 'error', serviceName: 'web', text: 'not run: await-healthy service:db failed' },
      time: 1,
    },
  ]);
  expect(webStatus(failed)).toMatchObject({ state: 'created', problem: 'not run: await-healthy service:db failed' });
  expect(webStatus(failed).waitingOn).toBeUndefined();
  const started = fold(
    [
      { kind: 'observed', projectName: 'shop', containers: [web('running')], time: 2 },
      { kind: 'engine', event: { kind: 'container', action: 'start', containerId: 'web-id', labels, time: 2 } },
    ],
    failed,
  );
  expect(webStatus(started).state).toBe('running');
  expect(webStatus(started).problem).toBeUndefined();
});
