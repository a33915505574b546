// Scenario: replicas get one container each, numbered as Compose numbers them; scaling
// down removes the highest numbers; a service removed from the config is left running and
// reported on up (as Compose), and removed on up with removeOrphans (--remove-orphans).

import { afterAll, expect, test } from 'vitest';
import { makeProject } from '../../packages/schema/src/testing/index.js';
import { appService, makeRunner, removeProject, uniqueProjectName } from './stack-fixture.js';

const projectName = uniqueProjectName('scale');
const { engine, runner } = makeRunner(projectName);

afterAll(async () => {
  await removeProject(engine, projectName);
});

const names = async () =>
  (await runner.observe(projectName)).containers.map(
    (container) => `${container.summary.name} ${container.summary.state}`,
  );

test('replicas scale up and down, and removed services are removed', async () => {
  const worker = appService('worker', { command: ['perl', '-e', 'sleep 1 while 1'], replicas: 3, init: true });
  const api = appService('api', { command: ['perl', '-e', 'sleep 1 while 1'], init: true });
  expect((await runner.up(makeProject(projectName, [api, worker]), {})).failed).toEqual([]);
  expect(await names()).toEqual([
    `${projectName}-api-1 running`,
    ...[1, 2, 3].map((n) => `${projectName}-worker-${n} running`),
  ]);

  const scaled = await runner.up(makeProject(projectName, [api, { ...worker, replicas: 1 }]), {});
  expect(scaled.planText).toBe(
    [
      `[] -> #1 service:worker:2 scale-down  scaled to 1 replica`,
      `[] -> #2 service:worker:3 scale-down  scaled to 1 replica`,
    ].join('\n'),
  );
  expect(await names()).toEqual([`${projectName}-api-1 running`, `${projectName}-worker-1 running`]);

  const orphanKept = await runner.up(makeProject(projectName, [api]), {});
  expect(orphanKept.plan.steps).toEqual([]);
  expect(orphanKept.orphans).toEqual([`${projectName}-worker-1`]);
  expect(await names()).toEqual([`${projectName}-api-1 running`, `${projectName}-worker-1 running`]);

  const withoutWorker = await runner.up(makeProject(projectName, [api]), { removeOrphans: true });
  expect(withoutWorker.planText).toBe('[] -> #1 service:worker:1 remove-orphan  service removed from config');
  expect(await names()).toEqual([`${projectName}-api-1 running`]);
  expect((await runner.planUp(makeProject(projectName, [api]), {})).steps).toEqual([]);
});
