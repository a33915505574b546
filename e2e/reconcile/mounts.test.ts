// Scenario: secrets and configs are mounted as Compose mounts them (file sources
// bind-mounted read-only, environment and inline sources copied in), next to bind
// mounts and tmpfs.

import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { DockerEngine } from '../../packages/daemon/src/engine/docker-engine.js';
import { ProjectRunner } from '../../packages/daemon/src/reconcile/project-runner.js';
import { makeProject } from '../../packages/schema/src/testing/index.js';
import { appService, execIn, removeProject, uniqueProjectName } from './stack-fixture.js';

const projectName = uniqueProjectName('mounts');
const engine = new DockerEngine();
const runner = new ProjectRunner(engine, () => undefined, {
  environment: { API_TOKEN: 'token-from-env' },
  pollIntervalMs: 100,
});
let hostDir: string;

beforeAll(async () => {
  hostDir = await mkdtemp(join(tmpdir(), 'devup-e2e-mounts-'));
  await writeFile(join(hostDir, 'db-password.txt'), 'from-a-file\n');
  await writeFile(join(hostDir, 'app.conf'), 'setting=1\n');
  await writeFile(join(hostDir, 'source.txt'), 'bound\n');
});

afterAll(async () => {
  await removeProject(engine, projectName);
  await rm(hostDir, { recursive: true, force: true });
});

test('secrets, configs, bind mounts and tmpfs are where Compose puts them', async () => {
  const project = makeProject(
    projectName,
    [
      appService('web', {
        secrets: [{ source: 'db_password' }, { source: 'api_token', target: 'token', mode: 0o400 }],
        configs: [{ source: 'app_conf', target: '/etc/app.conf' }, { source: 'motd' }],
        volumes: [
          { type: 'bind', source: hostDir, target: '/src', read_only: true, bind: { create_host_path: true } },
          { type: 'tmpfs', target: '/scratch', tmpfs: { size: 1048576 } },
        ],
      }),
    ],
    {
      secrets: {
        db_password: { name: 'db_password', file: join(hostDir, 'db-password.txt') },
        api_token: { name: 'api_token', environment: 'API_TOKEN' },
      },
      configs: {
        app_conf: { name: 'app_conf', file: join(hostDir, 'app.conf') },
        motd: { name: 'motd', content: 'welcome' },
      },
    },
  );
  expect((await runner.up(project, {})).failed).toEqual([]);
  const web = `${projectName}-web-1`;
  const shell = (script: string) => execIn(engine, web, ['sh', '-c', script]);
  expect(await shell('cat /run/secrets/db_password /run/secrets/token /etc/app.conf /motd /src/source.txt')).toEqual({
    exitCode: 0,
    stdout: 'from-a-file\ntoken-from-env' + 'setting=1\nwelcome' + 'bound\n',
  });
  expect((await shell('stat -c %a /run/secrets/token')).stdout).toBe('400\n');
  expect((await shell('touch /run/secrets/db_password 2>/dev/null || echo read-only')).stdout).toBe('read-only\n');
  expect((await shell('touch /src/new 2>/dev/null || echo read-only')).stdout).toBe('read-only\n');
  expect((await shell('grep " /scratch " /proc/mounts | cut -d" " -f3')).stdout).toBe('tmpfs\n');
  expect((await runner.planUp(project, {})).steps).toEqual([]);
});
