// The e2e stack, built by hand as the loader would produce it: db (health-gated, a named
// volume), cache, api (needs db healthy and cache started), web (needs api healthy,
// published on 127.0.0.1). Every service runs the same tiny image built from
// fixtures/app; each scenario gets its own project name.

import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Project, Service } from '../../packages/schema/src/model.js';
import { DockerEngine } from '../../packages/daemon/src/engine/docker-engine.js';
import { ProjectRunner, type RunnerEvent } from '../../packages/daemon/src/reconcile/project-runner.js';
import { makeProject, makeService } from '../../packages/schema/src/testing/index.js';

export const appContext = fileURLToPath(new URL('./fixtures/app', import.meta.url));
export const appImage = 'devup-e2e-reconcile-app:1';

const health = { test: ['CMD', 'test', '-f', '/tmp/ready'], interval: '1s', timeout: '1s', retries: 30 };

export const appService = (name: string, fields: Partial<Service> = {}): Service =>
  makeService(name, {
    image: appImage,
    build: { context: appContext, dockerfile: 'Dockerfile', args: {}, labels: {} },
    ...fields,
  });

export const fourServiceStack = (projectName: string): Project =>
  makeProject(
    projectName,
    [
      appService('db', {
        command: ['perl', '/usr/local/bin/serve.pl', '5432', 'db'],
        healthcheck: health,
        volumes: [{ type: 'volume', source: 'data', target: '/data' }],
      }),
      appService('cache', { command: ['perl', '/usr/local/bin/serve.pl', '6379', 'cache'] }),
      appService('api', {
        command: ['perl', '/usr/local/bin/serve.pl', '8000', 'api', 'db:5432', 'cache:6379'],
        environment: { MODE: 'dev' },
        healthcheck: health,
        depends_on: {
          db: { condition: 'service_healthy', required: true },
          cache: { condition: 'service_started', required: true },
        },
      }),
      appService('web', {
        command: ['perl', '/usr/local/bin/serve.pl', '8080', 'web', 'api:8000'],
        ports: [{ mode: 'ingress', target: 8080, protocol: 'tcp', host_ip: '127.0.0.1' }],
        depends_on: { api: { condition: 'service_healthy', required: true } },
      }),
    ],
    {
      working_dir: appContext,
      config_files: [join(appContext, 'compose.yaml')],
      volumes: { data: { name: `${projectName}_data`, labels: {} } },
    },
  );

export const uniqueProjectName = (scenario: string): string => `e2e-reconcile-${scenario}-${randomUUID().slice(0, 6)}`;

/** A runner on the real engine whose events are kept, and written where a person can read them. */
export const makeRunner = (projectName: string) => {
  const engine = new DockerEngine();
  const events: RunnerEvent[] = [];
  const artifactsDir = join(tmpdir(), 'devup-e2e-reconcile', projectName);
  mkdirSync(artifactsDir, { recursive: true });
  const runner = new ProjectRunner(
    engine,
    (event) => {
      events.push(event);
      writeFileSync(
        join(artifactsDir, 'events.log'),
        events.map((e) => `${e.kind} ${e.serviceName ?? '-'} ${e.text.trimEnd()}`).join('\n') + '\n',
      );
    },
    { environment: {}, pollIntervalMs: 100 },
  );
  return { engine, runner, events, artifactsDir };
};

/** Removes every container, network and volume of the project, by label. */
export const removeProject = async (engine: DockerEngine, projectName: string): Promise<void> => {
  const filter = { 'com.docker.compose.project': projectName };
  for (const container of await engine.listContainers(filter))
    await engine.removeContainer(container.id, { force: true, volumes: true });
  for (const network of await engine.listNetworks(filter)) await engine.removeNetwork(network.name);
  for (const volume of await engine.listVolumes(filter)) await engine.removeVolume(volume.name);
};

/** Runs a command in a service's first container and returns its stdout and exit code. */
export const execIn = async (
  engine: DockerEngine,
  containerName: string,
  cmd: string[],
): Promise<{ exitCode: number; stdout: string }> => {
  const session = await engine.exec(containerName, { cmd, tty: false, attachStdin: false });
  const chunks: Buffer[] = [];
  session.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
  const exitCode = await session.exitCode;
  return { exitCode, stdout: Buffer.concat(chunks).toString() };
};
