// The Engine backed by a real Docker engine through dockerode: one object for callers,
// its calls grouped by what they act on in docker/ (containers, networks and volumes,
// images, streams), the only folder that imports dockerode. Every call's failure is
// translated the same way (docker/docker-call.ts). Honours DOCKER_HOST (and
// DOCKER_TLS_VERIFY / DOCKER_CERT_PATH) the way the docker CLI does.

import type { Readable } from 'node:stream';
import type {
  BuildEvent,
  BuildSpec,
  ContainerSpec,
  ContainerStats,
  ContainerSummary,
  Engine,
  EngineEvent,
  ExecSession,
  ExecSpec,
  ImageSummary,
  Labels,
  LogChunk,
  NetworkSummary,
  VolumeSummary,
} from './engine.js';
import { connectDocker, dockerEndpoint, type DockerClient } from './docker/docker-client.js';
import { dockerCallFor, type DockerCall } from './docker/docker-call.js';
import { DockerContainers } from './docker/docker-containers.js';
import { DockerImages } from './docker/docker-images.js';
import { DockerNetworksAndVolumes } from './docker/docker-networks-volumes.js';
import { DockerStreams } from './docker/docker-streams.js';
import type { Json } from './stream-io.js';

export interface DockerEngineOptions {
  /** A socket path; by default DOCKER_HOST, else the default unix socket. */
  socketPath?: string;
}

export class DockerEngine implements Engine {
  private readonly docker: DockerClient;
  private readonly call: DockerCall;
  private readonly containers: DockerContainers;
  private readonly networksAndVolumes: DockerNetworksAndVolumes;
  private readonly images: DockerImages;
  private readonly streams: DockerStreams;
  readonly endpoint: string;

  constructor(options: DockerEngineOptions = {}) {
    this.docker = connectDocker(options.socketPath);
    this.endpoint = dockerEndpoint(options.socketPath);
    this.call = dockerCallFor(this.endpoint);
    this.containers = new DockerContainers(this.docker, this.call);
    this.networksAndVolumes = new DockerNetworksAndVolumes(this.docker, this.call);
    this.images = new DockerImages(this.docker, this.call);
    this.streams = new DockerStreams(this.docker, this.call);
  }

  async ping(): Promise<{ version: string; apiVersion: string }> {
    const version = (await this.call('ping', 'engine', () => this.docker.version())) as unknown as Json;
    return { version: String(version['Version']), apiVersion: String(version['ApiVersion']) };
  }

  listContainers(filterLabels: Labels): Promise<ContainerSummary[]> {
    return this.containers.listContainers(filterLabels);
  }

  inspectContainer(containerId: string): Promise<ContainerSummary | undefined> {
    return this.containers.inspectContainer(containerId);
  }

  createContainer(spec: ContainerSpec): Promise<string> {
    return this.containers.createContainer(spec);
  }

  startContainer(containerId: string): Promise<void> {
    return this.containers.startContainer(containerId);
  }

  stopContainer(containerId: string, timeoutSeconds?: number, signal?: string): Promise<void> {
    return this.containers.stopContainer(containerId, timeoutSeconds, signal);
  }

  restartContainer(containerId: string, timeoutSeconds?: number): Promise<void> {
    return this.containers.restartContainer(containerId, timeoutSeconds);
  }

  killContainer(containerId: string, signal: string): Promise<void> {
    return this.containers.killContainer(containerId, signal);
  }

  removeContainer(containerId: string, options: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    return this.containers.removeContainer(containerId, options);
  }

  renameContainer(containerId: string, newName: string): Promise<void> {
    return this.containers.renameContainer(containerId, newName);
  }

  stats(containerId: string): Promise<ContainerStats | undefined> {
    return this.containers.stats(containerId);
  }

  connectNetwork(networkName: string, containerId: string, aliases: string[]): Promise<void> {
    return this.networksAndVolumes.connectNetwork(networkName, containerId, aliases);
  }

  listNetworks(filterLabels: Labels): Promise<NetworkSummary[]> {
    return this.networksAndVolumes.listNetworks(filterLabels);
  }

  createNetwork(
    name: string,
    labels: Labels,
    options: { driver?: string; internal?: boolean; attachable?: boolean } = {},
  ): Promise<string> {
    return this.networksAndVolumes.createNetwork(name, labels, options);
  }

  removeNetwork(name: string): Promise<void> {
    return this.networksAndVolumes.removeNetwork(name);
  }

  listVolumes(filterLabels: Labels): Promise<VolumeSummary[]> {
    return this.networksAndVolumes.listVolumes(filterLabels);
  }

  createVolume(
    name: string,
    labels: Labels,
    options: { driver?: string; driverOpts?: Record<string, string> } = {},
  ): Promise<void> {
    return this.networksAndVolumes.createVolume(name, labels, options);
  }

  removeVolume(name: string): Promise<void> {
    return this.networksAndVolumes.removeVolume(name);
  }

  inspectImage(reference: string): Promise<ImageSummary | undefined> {
    return this.images.inspectImage(reference);
  }

  buildImage(spec: BuildSpec, onEvent: (event: BuildEvent) => void): Promise<string> {
    return this.images.buildImage(spec, onEvent);
  }

  pullImage(reference: string, onEvent: (event: BuildEvent) => void): Promise<void> {
    return this.images.pullImage(reference, onEvent);
  }

  exec(containerId: string, spec: ExecSpec): Promise<ExecSession> {
    return this.streams.exec(containerId, spec);
  }

  putArchive(containerId: string, path: string, tar: Readable): Promise<void> {
    return this.streams.putArchive(containerId, path, tar);
  }

  streamLogs(
    containerId: string,
    options: { since?: number; tail?: number; follow: boolean; signal: AbortSignal },
    onChunk: (chunk: LogChunk) => void,
  ): Promise<void> {
    return this.streams.streamLogs(containerId, options, onChunk);
  }

  streamEvents(filterLabels: Labels, signal: AbortSignal, onEvent: (event: EngineEvent) => void): Promise<void> {
    return this.streams.streamEvents(filterLabels, signal, onEvent);
  }
}
