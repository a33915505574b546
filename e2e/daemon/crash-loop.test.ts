// A service that exits 3 in a loop is shown as crash-looping, with its exit code and last
// lines in one place, and the engine backs its restarts off.

import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createSandbox, uniqueName, type DevSandbox } from '../support/dev-sandbox.js';
import { eventually } from '../support/eventually.js';

const projectName = uniqueName('daemon', 'crash');
let sandbox: DevSandbox;
let projectDir: string;

beforeAll(() => {
  sandbox = createSandbox(projectName);
  sandbox.track(projectName);
  projectDir = sandbox.fixture('project', {
    'compose.yaml': `name: ${projectName}
services:
  steady:
    image: debian:bookworm-slim
    command: ["sleep", "infinity"]
    init: true
  crasher:
    image: debian:bookworm-slim
    restart: always
    command: ["sh", "-c", "echo starting; echo 'fatal: cannot read /etc/app.conf'; exit 3"]
`,
  });
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') sandbox.keepArtifacts(`${context.task.name} failed`);
});

afterAll(async () => {
  await sandbox.dev(['down', '-t', '0'], { cwd: projectDir });
  await sandbox.cleanup();
});

interface Status {
  serviceName: string;
  state: string;
  exitCode?: number;
  restarts: number;
  lastLines?: string[];
}

const services = async (): Promise<Status[]> =>
  JSON.parse((await sandbox.dev(['ps', '--json'], { cwd: projectDir })).stdout) as Status[];

test('a service exiting 3 in a loop shows crash-loop with exit code 3 and its last lines; restarts back off', async () => {
  const up = await sandbox.dev(['up', '-d'], { cwd: projectDir });
  expect(up.code, up.stderr).toBe(0);

  const crasher = await eventually(async () => {
    const status = (await services()).find((service) => service.serviceName === 'crasher');
    expect(status).toMatchObject({ state: 'crash-loop', exitCode: 3 });
    expect(status?.lastLines).toEqual(expect.arrayContaining(['starting', 'fatal: cannot read /etc/app.conf']));
    return status as Status;
  }, 30_000);
  expect(crasher.restarts).toBeGreaterThanOrEqual(2);
  expect((await services()).find((service) => service.serviceName === 'steady')?.state).toBe('running');

  // Each run prints "starting"; the engine's timestamps show the gaps between runs growing.
  const gaps = await eventually(async () => {
    const logs = await sandbox.dev(['logs', '--timestamps', 'crasher'], { cwd: projectDir });
    const starts = logs.stdout
      .split('\n')
      .filter((line) => line.endsWith(' starting'))
      .map((line) => Date.parse(line.split('| ')[1]?.split(' ')[0] ?? ''));
    expect(starts.length).toBeGreaterThanOrEqual(6);
    return starts.slice(1).map((time, index) => time - (starts[index] as number));
  }, 30_000);
  expect(gaps.at(-1)).toBeGreaterThan((gaps[0] as number) * 2);
});
