// Scenario: stopping respects stop_signal and stop_grace_period: a service that shuts
// down cleanly within its grace period exits 0 on its own signal; one that ignores the
// signal is killed when its grace period ends.

import { afterAll, expect, test } from 'vitest';
import type { LogChunk } from '../../packages/daemon/src/engine/engine.js';
import { makeProject } from '../../packages/schema/src/testing/index.js';
import { appService, makeRunner, removeProject, uniqueProjectName } from './stack-fixture.js';

const projectName = uniqueProjectName('grace');
const { engine, runner } = makeRunner(projectName);

afterAll(async () => {
  await removeProject(engine, projectName);
});

test('down uses each service stop signal and grace period', async () => {
  const project = makeProject(projectName, [
    // Shuts down cleanly on SIGINT after 2 s of cleanup; its grace period is 10 s.
    appService('db', {
      command: [
        'perl',
        '-e',
        '$|=1; $SIG{INT} = sub { print "got INT\\n"; sleep 2; exit 0 }; print "up\\n"; sleep 1 while 1',
      ],
      stop_signal: 'SIGINT',
      stop_grace_period: '10s',
    }),
    // Ignores SIGTERM; its grace period is 1 s, then it is killed.
    appService('stubborn', {
      command: ['perl', '-e', '$|=1; $SIG{TERM} = "IGNORE"; print "up\\n"; sleep 1 while 1'],
      stop_grace_period: '1s',
    }),
  ]);
  expect((await runner.up(project, {})).failed).toEqual([]);
  const db = await engine.inspectContainer(`${projectName}-db-1`);
  const stubborn = await engine.inspectContainer(`${projectName}-stubborn-1`);
  await runner.stop(project, ['db']);
  await runner.stop(project, ['stubborn']);

  const dbAfter = await engine.inspectContainer(db!.id);
  const stubbornAfter = await engine.inspectContainer(stubborn!.id);
  expect(dbAfter).toMatchObject({ state: 'exited', exitCode: 0 });
  expect(stubbornAfter).toMatchObject({ state: 'exited', exitCode: 137 });
  const stoppedAfter = (summary: typeof dbAfter) =>
    (Date.parse(summary!.finishedAt!) - Date.parse(summary!.startedAt!)) / 1000;
  expect(stoppedAfter(dbAfter)).toBeGreaterThan(2);

  const lines: LogChunk[] = [];
  await engine.streamLogs(db!.id, { follow: false, signal: new AbortController().signal }, (chunk) =>
    lines.push(chunk),
  );
  expect(lines.map((line) => line.text)).toEqual(['up\n', 'got INT\n']);
});
