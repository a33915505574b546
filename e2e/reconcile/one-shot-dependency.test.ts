// Scenario: a one-shot job (a migration) that a service needs to have completed
// successfully runs first; the service starts after it finished; a second `up` does not
// run the job again. A job that fails keeps its dependent from starting.

import { afterAll, expect, test } from 'vitest';
import { makeProject } from '../../packages/schema/src/testing/index.js';
import { appService, makeRunner, removeProject, uniqueProjectName } from './stack-fixture.js';

const projectName = uniqueProjectName('oneshot');
const { engine, runner } = makeRunner(projectName);

afterAll(async () => {
  await removeProject(engine, projectName);
});

const stack = (jobExitCode: number) =>
  makeProject(projectName, [
    appService('migrate', { command: ['perl', '-e', `sleep 1; exit ${jobExitCode}`] }),
    appService('api', {
      command: ['perl', '/usr/local/bin/serve.pl', '8000', 'api'],
      depends_on: { migrate: { condition: 'service_completed_successfully', required: true } },
    }),
  ]);

test('the service starts after its job completed, and the job is not re-run', async () => {
  expect((await runner.up(stack(0), {})).failed).toEqual([]);
  const job = await engine.inspectContainer(`${projectName}-migrate-1`);
  const api = await engine.inspectContainer(`${projectName}-api-1`);
  expect(job).toMatchObject({ state: 'exited', exitCode: 0 });
  expect(api?.state).toBe('running');
  expect(Date.parse(api!.startedAt!)).toBeGreaterThanOrEqual(Date.parse(job!.finishedAt!));
  expect((await runner.planUp(stack(0), {})).steps).toEqual([]);
});

test('a failing job keeps its dependent from starting, and says why', async () => {
  await removeProject(engine, projectName);
  const result = await runner.up(stack(4), {});
  expect(result.failed).toEqual([
    {
      resource: 'service:migrate',
      error:
        'await-completed service:migrate failed: dependency migrate did not complete successfully: exited with code 4',
    },
    { resource: 'service:api:1', error: 'dependency migrate did not complete successfully: exited with code 4' },
  ]);
  expect((await engine.inspectContainer(`${projectName}-api-1`))?.state).toBe('created');
});
