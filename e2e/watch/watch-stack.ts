// A watched stack for the scenarios: a compose.yaml in a temporary folder, loaded by the
// real loader, brought up by the real reconciler, and a WatchSession on it recording
// states and activity (written to an artifacts folder when a scenario fails).

import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadProject, type Project } from '../../packages/schema/src/index.js';
import { DockerEngine } from '../../packages/daemon/src/engine/docker-engine.js';
import { ProjectRunner } from '../../packages/daemon/src/reconcile/project-runner.js';
import type { WatchState } from '../../packages/daemon/src/protocol/messages.js';
import { WatchSession, type WatchSessionOptions } from '../../packages/daemon/src/watch/watch-session.js';

export interface WatchStack {
  folder: string;
  projectName: string;
  project: Project;
  engine: DockerEngine;
  runner: ProjectRunner;
  session: WatchSession;
  states: Record<string, WatchState[]>;
  activity: string[];
  containerOf(serviceName: string): Promise<string>;
  exec(serviceName: string, script: string): Promise<{ code: number; stdout: string }>;
  saveArtifacts(): string;
  destroy(): Promise<void>;
}

export async function startWatchStack(
  scenario: string,
  composeYaml: (projectName: string) => string,
  files: Record<string, string>,
  sessionOptions: Partial<WatchSessionOptions> = {},
): Promise<WatchStack> {
  const projectName = `e2e-watch-${scenario}-${randomUUID().slice(0, 6)}`;
  const folder = await mkdtemp(join(tmpdir(), `${projectName}-`));
  writeFileSync(join(folder, 'compose.yaml'), composeYaml(projectName));
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(join(folder, path, '..'), { recursive: true });
    writeFileSync(join(folder, path), content);
  }
  const loaded = await loadProject({ cwd: folder, env: {} });
  if (!loaded.ok) throw new Error(`compose.yaml: ${JSON.stringify(loaded.issues)}`);
  const project = loaded.project;
  const engine = new DockerEngine();
  const activity: string[] = [];
  const runner = new ProjectRunner(
    engine,
    (event) => activity.push(`[runner] ${event.kind} ${event.serviceName ?? ''} ${event.text}`),
    {
      pollIntervalMs: 100,
    },
  );
  const up = await runner.up(project, {});
  if (up.failed.length > 0) throw new Error(`up failed: ${JSON.stringify(up.failed)}`);
  const states: Record<string, WatchState[]> = {};
  const containersFor = async (serviceName: string): Promise<string[]> =>
    (
      await engine.listContainers({
        'com.docker.compose.project': projectName,
        'com.docker.compose.service': serviceName,
      })
    )
      .filter((container) => container.state === 'running')
      .map((container) => container.id);
  const session = new WatchSession({
    engine,
    project,
    containersFor,
    rebuild: (serviceName) => runner.rebuildService(project, serviceName),
    onState: (serviceName, state) => (states[serviceName] ??= []).push(state),
    onActivity: (text, serviceName) => activity.push(`${serviceName ?? '-'}: ${text}`),
    ...sessionOptions,
  });
  await session.start();
  const stack: WatchStack = {
    folder,
    projectName,
    project,
    engine,
    runner,
    session,
    states,
    activity,
    async containerOf(serviceName) {
      const [id] = await containersFor(serviceName);
      if (!id) throw new Error(`no running container for ${serviceName}`);
      return id;
    },
    async exec(serviceName, script) {
      const run = await engine.exec(await stack.containerOf(serviceName), {
        cmd: ['sh', '-c', script],
        tty: false,
        attachStdin: false,
      });
      const chunks: Buffer[] = [];
      run.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
      run.stderr.resume();
      return { code: await run.exitCode, stdout: Buffer.concat(chunks).toString() };
    },
    saveArtifacts() {
      const dir = join(tmpdir(), 'devup-e2e-watch', projectName);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'activity.log'), activity.join('\n'));
      writeFileSync(join(dir, 'states.json'), JSON.stringify(states, null, 2));
      return dir;
    },
    async destroy() {
      await session.stop();
      const filter = { 'com.docker.compose.project': projectName };
      for (const container of await engine.listContainers(filter))
        await engine.removeContainer(container.id, { force: true, volumes: true });
      for (const network of await engine.listNetworks(filter)) await engine.removeNetwork(network.name);
      await rm(folder, { recursive: true, force: true });
    },
  };
  return stack;
}
