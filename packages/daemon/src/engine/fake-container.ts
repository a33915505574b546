// The fake engine's container record and the helpers around it: label filters, the
// summary the Engine interface returns, and draining a stream.

import type { Readable } from 'node:stream';
import type { ContainerSpec, ContainerSummary, Labels, LogChunk } from './engine.js';

export interface FakeContainer {
  id: string;
  spec: ContainerSpec;
  imageId: string;
  state: 'created' | 'running' | 'exited' | 'restarting';
  health?: 'starting' | 'healthy' | 'unhealthy';
  exitCode?: number;
  oomKilled: boolean;
  restartCount: number;
  startedAt?: string;
  finishedAt?: string;
  output: LogChunk[];
  outputListeners: Set<(chunk: LogChunk | undefined) => void>;
}

export const matchesFilter = (labels: Labels, filter: Labels): boolean =>
  Object.entries(filter).every(([key, value]) => (value === '' ? key in labels : labels[key] === value));

export const summarizeFakeContainer = (container: FakeContainer): ContainerSummary => {
  const ports = Object.entries(container.spec.host.portBindings).flatMap(([key, bindings]) => {
    const [port, protocol] = key.split('/');
    return bindings.map((binding) => ({
      hostIp: binding.hostIp || '0.0.0.0',
      hostPort: Number(binding.hostPort || 32768),
      containerPort: Number(port),
      protocol: (protocol === 'udp' || protocol === 'sctp' ? protocol : 'tcp') as 'tcp' | 'udp' | 'sctp',
    }));
  });
  return {
    id: container.id,
    name: container.spec.name,
    image: container.spec.image,
    imageId: container.imageId,
    labels: { ...container.spec.labels },
    state: container.state,
    ...(container.health ? { health: container.health } : {}),
    ...(container.exitCode !== undefined ? { exitCode: container.exitCode } : {}),
    oomKilled: container.oomKilled,
    restartCount: container.restartCount,
    ...(container.startedAt ? { startedAt: container.startedAt } : {}),
    ...(container.finishedAt ? { finishedAt: container.finishedAt } : {}),
    ports: container.state === 'running' ? ports : [],
  };
};

export const drain = async (stream: Readable): Promise<Buffer> => {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(Buffer.isBuffer(part) ? part : Buffer.from(part as Uint8Array));
  return Buffer.concat(parts);
};
