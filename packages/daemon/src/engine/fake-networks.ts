// The network and volume tables of the in-memory fake: listing by label, creating,
// attaching containers, and refusing removals the engine refuses (a network with
// endpoints, a volume a container mounts).

import type { Labels, NetworkSummary, VolumeSummary } from './engine.js';
import { EngineOperationError } from './engine-errors.js';
import { matchesFilter, type FakeContainer } from './fake-container.js';

export type FakeNetwork = NetworkSummary & { aliases: Map<string, string[]> };

export function listFakeNetworks(networks: Map<string, FakeNetwork>, filterLabels: Labels): NetworkSummary[] {
  return [...networks.values()]
    .filter((network) => matchesFilter(network.labels, filterLabels))
    .map(({ id, name, labels }) => ({ id, name, labels }));
}

/** Adds a network under a fresh id from `nextId`, refusing a name already taken. */
export function addFakeNetwork(
  networks: Map<string, FakeNetwork>,
  name: string,
  labels: Labels,
  nextId: () => string,
): string {
  if (networks.has(name))
    throw new EngineOperationError(
      'create-network',
      `network:${name}`,
      `network with name ${name} already exists`,
      409,
    );
  const id = nextId();
  networks.set(name, { id, name, labels: { ...labels }, aliases: new Map() });
  return id;
}

export function attachFakeNetwork(
  networks: Map<string, FakeNetwork>,
  networkName: string,
  containerId: string,
  aliases: string[],
): void {
  const network = networks.get(networkName);
  if (!network)
    throw new EngineOperationError(
      'connect-network',
      `network:${networkName}`,
      `network ${networkName} not found`,
      404,
    );
  network.aliases.set(containerId, [...aliases]);
}

/** Removes a network with no endpoints left. */
export function deleteFakeNetwork(networks: Map<string, FakeNetwork>, name: string): void {
  const network = networks.get(name);
  if (network && network.aliases.size > 0)
    throw new EngineOperationError(
      'remove-network',
      `network:${name}`,
      `error while removing network: network ${name} has active endpoints`,
      403,
    );
  networks.delete(name);
}

export function listFakeVolumes(volumes: Map<string, VolumeSummary>, filterLabels: Labels): VolumeSummary[] {
  return [...volumes.values()]
    .filter((volume) => matchesFilter(volume.labels, filterLabels))
    .map((volume) => structuredClone(volume));
}

/** Removes a volume no container mounts. */
export function deleteFakeVolume(
  volumes: Map<string, VolumeSummary>,
  containers: Iterable<FakeContainer>,
  name: string,
): void {
  const inUse = [...containers].some((container) =>
    container.spec.host.mounts.some((mount) => mount.type === 'volume' && mount.source === name),
  );
  if (inUse) throw new EngineOperationError('remove-volume', `volume:${name}`, `remove ${name}: volume is in use`, 409);
  volumes.delete(name);
}
