// Scenario: data written into a named volume survives `down` + `up`; `down --volumes`
// removes the volume.

import { afterAll, expect, test } from 'vitest';
import { execIn, fourServiceStack, makeRunner, removeProject, uniqueProjectName } from './stack-fixture.js';

const projectName = uniqueProjectName('volume');
const { engine, runner } = makeRunner(projectName);

afterAll(async () => {
  await removeProject(engine, projectName);
});

test('named volume data survives down and up; down --volumes removes it', async () => {
  const fullStack = fourServiceStack(projectName);
  const project = { ...fullStack, services: { db: fullStack.services['db']! } };
  const db = `${projectName}-db-1`;
  expect((await runner.up(project, {})).failed).toEqual([]);
  expect(await execIn(engine, db, ['sh', '-c', 'echo kept > /data/marker'])).toEqual({ exitCode: 0, stdout: '' });

  await runner.down(projectName, {});
  expect(await engine.listContainers({ 'com.docker.compose.project': projectName })).toEqual([]);
  expect(await engine.listNetworks({ 'com.docker.compose.project': projectName })).toEqual([]);
  expect(
    (await engine.listVolumes({ 'com.docker.compose.project': projectName })).map((volume) => volume.name),
  ).toEqual([`${projectName}_data`]);

  expect((await runner.up(project, {})).failed).toEqual([]);
  expect(await execIn(engine, db, ['cat', '/data/marker'])).toEqual({ exitCode: 0, stdout: 'kept\n' });

  await runner.down(projectName, { volumes: true });
  expect(await engine.listVolumes({ 'com.docker.compose.project': projectName })).toEqual([]);
});
