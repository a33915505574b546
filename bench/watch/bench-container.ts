// The running container the sync-channel benches write into: debian:bookworm-slim
// sleeping, named and labelled with the run's id, optionally on a network of its own.
// Uses the built daemon (after `pnpm build`).
import { randomUUID } from 'node:crypto';

const dist = '../../packages/daemon/dist';
const { DockerEngine } = (await import(
  `${dist}/engine/docker-engine.js`
)) as typeof import('../../packages/daemon/src/engine/docker-engine.ts');
export const { openSyncChannel } = (await import(
  `${dist}/sync/container-sync-channel.js`
)) as typeof import('../../packages/daemon/src/sync/container-sync-channel.ts');
export type Entry = import('../../packages/daemon/src/archive/tar-batch.ts').TarBatchEntry;

export interface BenchContainer {
  engine: InstanceType<typeof DockerEngine>;
  containerId: string;
  /** Removes the container, and its network if it has one. */
  remove(): Promise<void>;
}

/** Creates and starts `<prefix>-<random>`; with `network`, on a new network of that name. */
export const startBenchContainer = async (
  prefix: string,
  options: { network?: boolean } = {},
): Promise<BenchContainer> => {
  const engine = new DockerEngine();
  const runId = `${prefix}-${randomUUID().slice(0, 8)}`;
  const labels = { 'dev.devup.bench': runId };
  if (options.network === true) await engine.createNetwork(runId, labels);
  const containerId = await engine.createContainer({
    name: runId,
    image: 'debian:bookworm-slim',
    labels,
    command: ['sleep', 'infinity'],
    env: [],
    tty: false,
    openStdin: false,
    exposedPorts: [],
    host: { binds: [], mounts: [], portBindings: {}, extraHosts: [], init: true },
    ...(options.network === true ? { network: { name: runId, aliases: [] } } : {}),
  });
  await engine.startContainer(containerId);
  return {
    engine,
    containerId,
    remove: async () => {
      await engine.removeContainer(containerId, { force: true });
      if (options.network === true) await engine.removeNetwork(runId);
    },
  };
};
