// The state file under faults. Damaged at start (empty, binary, wrong shapes, truncated):
// devd starts, its log says what it dropped, and the running project is found again from
// the engine's labels. Disk full while writing it: the old file stays intact and devd
// keeps serving; once space is back the next write lands.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { projectContainers } from '../support/docker-cli.js';
import { createSandbox, uniqueName, type DevSandbox } from '../support/dev-sandbox.js';
import { eventually } from '../support/eventually.js';

const projectName = uniqueName('reliability', 'state');
const secondName = `${projectName}-b`;
let sandbox: DevSandbox;
let stateDir: string;
let projectDir: string;
let secondDir: string;
let mounted = false;

const service = (name: string): string => `name: ${name}
services:
  app:
    image: debian:bookworm-slim
    init: true
    command: ["sh", "-c", "echo up; exec sleep infinity"]
`;

beforeAll(() => {
  sandbox = createSandbox(projectName);
  stateDir = join(sandbox.root, 'state');
  mkdirSync(stateDir, { mode: 0o700 });
  // A small file system of its own, so "disk full" is real and touches nobody else.
  execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=512k,mode=0700', 'tmpfs', stateDir]);
  mounted = true;
  sandbox.env['DEVUP_STATE_DIR'] = stateDir;
  sandbox.track(projectName);
  sandbox.track(secondName);
  projectDir = sandbox.fixture('project', { 'compose.yaml': service(projectName) });
  secondDir = sandbox.fixture('second', { 'compose.yaml': service(secondName) });
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') sandbox.keepArtifacts(`${context.task.name} failed`);
});

afterAll(async () => {
  await sandbox.dev(['down', '-t', '0'], { cwd: projectDir });
  await sandbox.dev(['down', '-t', '0'], { cwd: secondDir });
  await sandbox.dev(['daemon', 'stop']);
  if (mounted) execFileSync('umount', ['-l', stateDir]);
  await sandbox.cleanup();
});

const stateFile = (): string => join(stateDir, 'state.json');
const daemonLog = (): string =>
  existsSync(join(stateDir, 'devd.log')) ? readFileSync(join(stateDir, 'devd.log'), 'utf8') : '';
const servedProjects = async (): Promise<string[]> => {
  const status = await sandbox.dev(['daemon', 'status', '--json']);
  expect(status.code, status.stderr).toBe(0);
  return (JSON.parse(status.stdout) as { projects: { projectName: string }[] }).projects.map(
    (project) => project.projectName,
  );
};

test('first dev up registers the project in the state file', async () => {
  const up = await sandbox.dev(['up', '-d'], { cwd: projectDir });
  expect(up.code, up.stderr).toBe(0);
  expect(Object.keys((JSON.parse(readFileSync(stateFile(), 'utf8')) as { projects: object }).projects)).toEqual([
    projectName,
  ]);
});

test.each([
  ['empty', '', 'the whole file: not JSON'],
  ['binary garbage', '\u0000\u0001\u00ff\u00fe{{{{', 'the whole file: not JSON'],
  ['without a projects object', '{"version":1,"projects":[1,2]}', 'the whole file: no \\"projects\\" object'],
  ['with a bad entry', `{"version":1,"projects":{"ghost":{"ref":42,"watch":true}}}`, 'project \\"ghost\\"'],
  [
    'truncated mid-entry',
    `{"version":1,"projects":{"${projectName}":{"ref":{"cwd":"/x","fi`,
    'the whole file: not JSON',
  ],
])(
  'a state file that is %s: devd starts, logs what it dropped, and adopts the project from labels',
  async (_name, content, dropped) => {
    const stop = await sandbox.dev(['daemon', 'stop']);
    expect(stop.code).toBe(0);
    writeFileSync(stateFile(), content);
    const logBefore = daemonLog().length;
    const start = await sandbox.dev(['daemon', 'start']);
    expect(start.code, start.stderr).toBe(0);
    const log = daemonLog().slice(logBefore);
    expect(log).toContain('state file was damaged');
    expect(log).toContain(dropped);
    await eventually(async () => expect(await servedProjects()).toContain(projectName));
    const ps = await sandbox.dev(['ps', '--json'], { cwd: projectDir });
    expect((JSON.parse(ps.stdout) as { state: string }[]).map((entry) => entry.state)).toEqual(['running']);
    expect(projectContainers(projectName)).toHaveLength(1);
  },
);

test('disk full while writing the state file: the old file stays intact, devd keeps serving, and writes resume once there is room', async () => {
  const up = await sandbox.dev(['up', '-d'], { cwd: projectDir });
  expect(up.code, up.stderr).toBe(0);
  const before = readFileSync(stateFile(), 'utf8');
  expect(Object.keys((JSON.parse(before) as { projects: object }).projects)).toContain(projectName);

  // Fill the file system to the last byte.
  const filler = join(stateDir, 'filler');
  try {
    execFileSync('dd', ['if=/dev/zero', `of=${filler}`, 'bs=4k'], { stdio: 'ignore' });
  } catch {
    // dd stops with "No space left on device": that is the point.
  }
  const second = await sandbox.dev(['up', '-d'], { cwd: secondDir });
  expect(second.code, second.stderr).toBe(0);
  expect(readFileSync(stateFile(), 'utf8')).toBe(before);
  expect(JSON.parse(readFileSync(stateFile(), 'utf8'))).toMatchObject({ version: 1 });
  expect(await servedProjects()).toEqual(expect.arrayContaining([projectName, secondName]));
  const leftovers = readdirSync(stateDir).filter((name) => name.endsWith('.tmp'));

  execFileSync('rm', ['-f', filler]);
  const again = await sandbox.dev(['up', '-d'], { cwd: secondDir });
  expect(again.code, again.stderr).toBe(0);
  await eventually(() =>
    expect(Object.keys((JSON.parse(readFileSync(stateFile(), 'utf8')) as { projects: object }).projects)).toEqual(
      expect.arrayContaining([projectName, secondName]),
    ),
  );
  expect(leftovers, 'a failed write leaves no temporary file behind').toEqual([]);
});
