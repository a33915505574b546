import { expect, test } from 'vitest';
import type { ProjectStatus, ServiceStatus } from '../protocol/messages.js';
import { StatusMirror } from './status-mirror.js';
import type { StatusChange } from './status-store.js';

const service = (serviceName: string, state: string): ServiceStatus =>
  ({ projectName: 'shop', serviceName, state }) as unknown as ServiceStatus;
const project = (projectName: string, services: ServiceStatus[]): ProjectStatus => ({
  projectName,
  workingDir: `/src/${projectName}`,
  configFiles: [],
  configIssues: [],
  services,
});

test('the mirror follows project, service and removal changes, and tells its subscribers', () => {
  const mirror = new StatusMirror();
  mirror.reset([project('shop', [service('web', 'running'), service('db', 'running')])]);
  const told: StatusChange[] = [];
  mirror.subscribe((change) => told.push(change));
  mirror.apply({ kind: 'service', status: service('db', 'exited') });
  mirror.apply({ kind: 'service', status: service('worker', 'created') });
  mirror.apply({ kind: 'project', status: project('blog', []) });
  expect(mirror.projects().map((entry) => entry.projectName)).toEqual(['blog', 'shop']);
  expect(mirror.projects()[1]?.services).toEqual([
    service('web', 'running'),
    service('db', 'exited'),
    service('worker', 'created'),
  ]);
  mirror.apply({ kind: 'project-removed', projectName: 'blog' });
  expect(mirror.projects().map((entry) => entry.projectName)).toEqual(['shop']);
  expect(told.map((change) => change.kind)).toEqual(['service', 'service', 'project', 'project-removed']);
});

test('a service change of a project the mirror does not know is dropped', () => {
  const mirror = new StatusMirror();
  mirror.apply({ kind: 'service', status: service('web', 'running') });
  expect(mirror.projects()).toEqual([]);
});
