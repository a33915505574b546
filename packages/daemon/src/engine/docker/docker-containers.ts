// Container calls of the Docker adapter: list, inspect, create, start, stop, restart,
// kill, remove, rename, and one stats sample.

import type Docker from 'dockerode';
import type { ContainerSpec, ContainerStats, ContainerSummary, Labels } from '../engine.js';
import {
  cpuPercentFromStats,
  labelFilters,
  memoryBytesFromStats,
  summaryFromInspect,
  summaryFromListEntry,
  toCreateContainerBody,
} from '../docker-api-mapping.js';
import { pause, type Json } from '../stream-io.js';
import type { DockerClient } from './docker-client.js';
import { shortId, type DockerCall } from './docker-call.js';

export class DockerContainers {
  constructor(
    private readonly docker: DockerClient,
    private readonly call: DockerCall,
  ) {}

  async listContainers(filterLabels: Labels): Promise<ContainerSummary[]> {
    const entries = await this.call('list-containers', 'engine', () =>
      this.docker.listContainers({ all: true, filters: labelFilters(filterLabels) }),
    );
    return (entries as unknown as Json[]).map(summaryFromListEntry);
  }

  async inspectContainer(containerId: string): Promise<ContainerSummary | undefined> {
    const body = await this.call(
      'inspect-container',
      `container:${shortId(containerId)}`,
      async () => (await this.docker.getContainer(containerId).inspect()) as unknown as Json | undefined,
      { 404: () => undefined },
    );
    return body && summaryFromInspect(body);
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const container = await this.call('create-container', `container:${spec.name}`, () =>
      this.docker.createContainer(toCreateContainerBody(spec) as Docker.ContainerCreateOptions),
    );
    return container.id;
  }

  async startContainer(containerId: string): Promise<void> {
    await this.call(
      'start-container',
      `container:${shortId(containerId)}`,
      () => this.docker.getContainer(containerId).start(),
      {
        304: () => undefined,
      },
    );
  }

  async stopContainer(containerId: string, timeoutSeconds?: number, signal?: string): Promise<void> {
    const resource = `container:${shortId(containerId)}`;
    const container = this.docker.getContainer(containerId);
    if (signal === undefined) {
      await this.call(
        'stop-container',
        resource,
        () => container.stop(timeoutSeconds === undefined ? {} : { t: timeoutSeconds }),
        {
          304: () => undefined,
        },
      );
      return;
    }
    // API 1.41 has no signal parameter on stop: send the signal, wait, then kill.
    const stopped = await this.call(
      'stop-container',
      resource,
      async () => {
        await container.kill({ signal });
        return true;
      },
      { 409: () => false },
    );
    if (!stopped) return;
    const waited = this.call('stop-container', resource, () => container.wait({ condition: 'not-running' }), {
      404: () => undefined,
    });
    const deadline = pause((timeoutSeconds ?? 10) * 1000).then(() => 'timeout' as const);
    if ((await Promise.race([waited, deadline])) === 'timeout') {
      await this.call('stop-container', resource, () => container.kill({ signal: 'SIGKILL' }), {
        409: () => undefined,
      });
      await waited;
    }
  }

  async restartContainer(containerId: string, timeoutSeconds?: number): Promise<void> {
    await this.call('restart-container', `container:${shortId(containerId)}`, () =>
      this.docker.getContainer(containerId).restart(timeoutSeconds === undefined ? {} : { t: timeoutSeconds }),
    );
  }

  async killContainer(containerId: string, signal: string): Promise<void> {
    await this.call('kill-container', `container:${shortId(containerId)}`, () =>
      this.docker.getContainer(containerId).kill({ signal }),
    );
  }

  async removeContainer(containerId: string, options: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    await this.call(
      'remove-container',
      `container:${shortId(containerId)}`,
      () =>
        this.docker.getContainer(containerId).remove({ force: options.force ?? false, v: options.volumes ?? false }),
      { 404: () => undefined },
    );
  }

  async renameContainer(containerId: string, newName: string): Promise<void> {
    await this.call('rename-container', `container:${shortId(containerId)}`, () =>
      this.docker.getContainer(containerId).rename({ name: newName }),
    );
  }

  async stats(containerId: string): Promise<ContainerStats | undefined> {
    const body = await this.call(
      'stats',
      `container:${shortId(containerId)}`,
      async () => (await this.docker.getContainer(containerId).stats({ stream: false })) as unknown as Json | undefined,
      { 404: () => undefined, 409: () => undefined },
    );
    return body && { cpuPercent: cpuPercentFromStats(body), memoryBytes: memoryBytesFromStats(body) };
  }
}
