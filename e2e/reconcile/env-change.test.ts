// Scenario: changing one service's environment recreates only that service, and the
// plan's cause names the changed key.

import { afterAll, expect, test } from 'vitest';
import { formatPlan } from '../../packages/daemon/src/reconcile/format-plan.js';
import { fourServiceStack, makeRunner, removeProject, uniqueProjectName } from './stack-fixture.js';

const projectName = uniqueProjectName('env');
const { engine, runner } = makeRunner(projectName);

afterAll(async () => {
  await removeProject(engine, projectName);
});

test('changing one environment variable recreates only that service; the cause names the key', async () => {
  const project = fourServiceStack(projectName);
  expect((await runner.up(project, {})).failed).toEqual([]);
  const idsBefore = Object.fromEntries(
    (await runner.observe(projectName)).containers.map((c) => [c.serviceName, c.summary.id]),
  );

  const api = project.services['api']!;
  const changed = {
    ...project,
    services: { ...project.services, api: { ...api, environment: { ...api.environment, MODE: 'debug' } } },
  };
  const result = await runner.up(changed, {});
  expect(result.failed).toEqual([]);
  expect(result.planText).toBe(
    [
      '[] -> #1 service:api:1 recreate-container  config changed: environment.MODE',
      '[1] -> #2 service:api:1 start-container  recreated',
    ].join('\n'),
  );

  const after = (await runner.observe(projectName)).containers;
  const idsAfter = Object.fromEntries(after.map((c) => [c.serviceName, c.summary.id]));
  expect(idsAfter['api']).not.toBe(idsBefore['api']);
  expect({ ...idsAfter, api: '' }).toEqual({ ...idsBefore, api: '' });
  expect(after.map((c) => c.summary.name).sort()).toEqual(
    ['api', 'cache', 'db', 'web'].map((s) => `${projectName}-${s}-1`),
  );
  expect(formatPlan(await runner.planUp(changed, {}))).toBe(`project ${projectName}: up to date, nothing to do`);
});
