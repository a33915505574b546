// Containers for the watch scenarios: debian:bookworm-slim idling on a network of the
// run's own, labelled for clean-up, plus helpers to read the container's tree back.

import { randomUUID } from 'node:crypto';
import { createHash } from 'node:crypto';
import { readdir, readFile, lstat } from 'node:fs/promises';
import { join } from 'node:path';
import { DockerEngine } from '../../packages/daemon/src/engine/docker-engine.js';
import type { Engine } from '../../packages/daemon/src/engine/engine.js';

export interface WatchFixture {
  engine: Engine;
  runId: string;
  labels: Record<string, string>;
  network: string;
  startContainer(name: string, extraLabels?: Record<string, string>, command?: string[]): Promise<string>;
  run(containerId: string, script: string): Promise<{ code: number; stdout: string; stderr: string }>;
  cleanup(): Promise<void>;
}

export async function createWatchFixture(area: string): Promise<WatchFixture> {
  const engine = new DockerEngine();
  const runId = `e2e-watch-${area}-${randomUUID().slice(0, 8)}`;
  const labels = { 'dev.devup.e2e': runId };
  const network = runId;
  await engine.createNetwork(network, labels);
  const fixture: WatchFixture = {
    engine,
    runId,
    labels,
    network,
    async startContainer(name, extraLabels = {}, command = ['sleep', 'infinity']) {
      const id = await engine.createContainer({
        name: `${runId}-${name}`,
        image: 'debian:bookworm-slim',
        labels: { ...labels, ...extraLabels },
        command,
        env: [],
        tty: false,
        openStdin: false,
        stopTimeoutSeconds: 1,
        exposedPorts: [],
        host: { binds: [], mounts: [], portBindings: {}, extraHosts: [], init: true },
        network: { name: network, aliases: [name] },
      });
      await engine.startContainer(id);
      return id;
    },
    async run(containerId, script) {
      const session = await engine.exec(containerId, { cmd: ['sh', '-c', script], tty: false, attachStdin: false });
      const out: Buffer[] = [];
      const err: Buffer[] = [];
      session.stdout.on('data', (chunk: Buffer) => out.push(chunk));
      session.stderr.on('data', (chunk: Buffer) => err.push(chunk));
      const code = await session.exitCode;
      return { code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() };
    },
    async cleanup() {
      for (const container of await engine.listContainers(labels))
        await engine.removeContainer(container.id, { force: true });
      await engine.removeNetwork(network).catch(() => undefined);
    },
  };
  return fixture;
}

/** "sha256  relative/path" lines for every regular file below `root`, sorted. */
export async function hostTreeHashes(
  root: string,
  skip: (relativePath: string) => boolean = () => false,
): Promise<string[]> {
  const lines: string[] = [];
  async function walk(folder: string, prefix: string): Promise<void> {
    for (const name of await readdir(folder)) {
      const rel = prefix ? `${prefix}/${name}` : name;
      if (skip(rel)) continue;
      const path = join(folder, name);
      const stats = await lstat(path);
      if (stats.isDirectory()) await walk(path, rel);
      else if (stats.isFile())
        lines.push(
          `${createHash('sha256')
            .update(await readFile(path))
            .digest('hex')}  ${rel}`,
        );
    }
  }
  await walk(root, '');
  return lines.sort();
}

/** The same listing from inside a container. */
export async function containerTreeHashes(
  fixture: WatchFixture,
  containerId: string,
  target: string,
): Promise<string[]> {
  const result = await fixture.run(containerId, `cd ${target} && find . -type f -print0 | xargs -0 -r sha256sum`);
  if (result.code !== 0) throw new Error(result.stderr);
  return result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => line.replace('  ./', '  '))
    .sort();
}
