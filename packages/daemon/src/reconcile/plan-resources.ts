// The planner's network and volume steps: each network a selected service uses and each
// volume of the project is created when the engine does not have it (external ones never).

import type { DesiredProject, DesiredService } from './desired.js';
import type { ObservedProject } from './observe.js';
import type { PlanBuilder } from './plan.js';

export interface ResourceSteps {
  /** Network name -> the step creating it. */
  networkSteps: Map<string, number>;
  /** Volume name -> the step creating it. */
  volumeSteps: Map<string, number>;
}

export const planResourceSteps = (
  plan: PlanBuilder,
  desired: DesiredProject,
  observed: ObservedProject,
  selectedServices: DesiredService[],
): ResourceSteps => {
  const networkSteps = new Map<string, number>();
  const observedNetworks = new Set(observed.networks.map((network) => network.name));
  const usedNetworks = new Set(
    selectedServices.flatMap((service) =>
      service.containers.flatMap((c) => [c.spec.network?.name, ...c.extraNetworks.map((n) => n.name)]),
    ),
  );
  for (const network of desired.networks) {
    if (network.external || observedNetworks.has(network.name) || !usedNetworks.has(network.name)) continue;
    networkSteps.set(network.name, plan.add(`network:${network.name}`, 'missing', { kind: 'create-network', network }));
  }
  const volumeSteps = new Map<string, number>();
  const observedVolumes = new Set(observed.volumes.map((volume) => volume.name));
  for (const volume of desired.volumes) {
    if (volume.external || observedVolumes.has(volume.name)) continue;
    volumeSteps.set(volume.name, plan.add(`volume:${volume.name}`, 'missing', { kind: 'create-volume', volume }));
  }
  return { networkSteps, volumeSteps };
};
