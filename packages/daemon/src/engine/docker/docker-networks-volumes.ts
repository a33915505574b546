// Network and volume calls of the Docker adapter: list, create and remove each, and
// connecting a container to a network under its aliases.

import type { Labels, NetworkSummary, VolumeSummary } from '../engine.js';
import { labelFilters } from '../docker-api-mapping.js';
import type { DockerClient } from './docker-client.js';
import type { DockerCall } from './docker-call.js';

export class DockerNetworksAndVolumes {
  constructor(
    private readonly docker: DockerClient,
    private readonly call: DockerCall,
  ) {}

  async connectNetwork(networkName: string, containerId: string, aliases: string[]): Promise<void> {
    await this.call('connect-network', `network:${networkName}`, () =>
      this.docker.getNetwork(networkName).connect({ Container: containerId, EndpointConfig: { Aliases: aliases } }),
    );
  }

  async listNetworks(filterLabels: Labels): Promise<NetworkSummary[]> {
    const networks = await this.call('list-networks', 'engine', () =>
      this.docker.listNetworks({ filters: labelFilters(filterLabels) }),
    );
    return networks.map((network) => ({ id: network.Id, name: network.Name, labels: network.Labels ?? {} }));
  }

  async createNetwork(
    name: string,
    labels: Labels,
    options: { driver?: string; internal?: boolean; attachable?: boolean } = {},
  ): Promise<string> {
    const network = await this.call('create-network', `network:${name}`, () =>
      this.docker.createNetwork({
        Name: name,
        Labels: labels,
        CheckDuplicate: true,
        Driver: options.driver ?? 'bridge',
        Internal: options.internal ?? false,
        Attachable: options.attachable ?? false,
      }),
    );
    return network.id;
  }

  async removeNetwork(name: string): Promise<void> {
    await this.call('remove-network', `network:${name}`, () => this.docker.getNetwork(name).remove(), {
      404: () => undefined,
    });
  }

  async listVolumes(filterLabels: Labels): Promise<VolumeSummary[]> {
    const answer = await this.call('list-volumes', 'engine', () =>
      this.docker.listVolumes({ filters: labelFilters(filterLabels) }),
    );
    return (answer.Volumes ?? []).map((volume) => ({ name: volume.Name, labels: volume.Labels ?? {} }));
  }

  async createVolume(
    name: string,
    labels: Labels,
    options: { driver?: string; driverOpts?: Record<string, string> } = {},
  ): Promise<void> {
    await this.call('create-volume', `volume:${name}`, () =>
      this.docker.createVolume({
        Name: name,
        Labels: labels,
        Driver: options.driver ?? 'local',
        DriverOpts: options.driverOpts ?? {},
      }),
    );
  }

  async removeVolume(name: string): Promise<void> {
    await this.call('remove-volume', `volume:${name}`, () => this.docker.getVolume(name).remove(), {
      404: () => undefined,
    });
  }
}
