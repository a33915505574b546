// An in-memory Engine for unit tests. Containers have states and health a test can
// drive (setHealth, exitContainer), every change is emitted as an engine event, and
// every mutating call is recorded in `calls` for assertions. `sh -c` commands are run
// through a tiny interpreter (fake-shell.ts) so output and exit codes look real. Its
// parts: events (fake-events.ts), output and exec (fake-streams.ts), networks and
// volumes (fake-networks.ts), image ids (fake-images.ts), refusals (fake-refusals.ts).

import { createHash } from 'node:crypto';
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
import { EngineOperationError } from './engine-errors.js';
import { runFakeScript } from './fake-shell.js';
import { drain, matchesFilter, summarizeFakeContainer, type FakeContainer } from './fake-container.js';
import { FakeEventHub } from './fake-events.js';
import { containerConflict, containerNotRunning, noSuchContainer } from './fake-refusals.js';
import {
  addFakeNetwork,
  attachFakeNetwork,
  deleteFakeNetwork,
  deleteFakeVolume,
  listFakeNetworks,
  listFakeVolumes,
  type FakeNetwork,
} from './fake-networks.js';
import { fakeBuildId, fakeImageId } from './fake-images.js';
import { appendFakeOutput, endFakeOutput, fakeExecSession, streamFakeLogs } from './fake-streams.js';

export type { FakeContainer } from './fake-container.js';

export interface FakeCall {
  operation: string;
  target: string;
  detail?: Record<string, unknown>;
}

export interface FakeEngineOptions {
  /** Containers with a healthcheck become healthy as soon as they start (default true). */
  autoHealthy?: boolean;
  /** Image references that exist without being built (default: every reference exists). */
  knownImages?: (reference: string) => boolean;
  /** Image references a pull can fetch (default: none, as with no registry). */
  registryImages?: (reference: string) => boolean;
}

export class FakeEngine implements Engine {
  readonly containers = new Map<string, FakeContainer>();
  readonly networks = new Map<string, FakeNetwork>();
  readonly volumes = new Map<string, VolumeSummary>();
  readonly images = new Map<string, ImageSummary>();
  readonly calls: FakeCall[] = [];
  /** Errors to raise on the next call of an operation, e.g. failures.set('start-container', 'boom'). */
  readonly failures = new Map<string, string>();
  /** Build failures by image tag: the text the build reports. */
  readonly buildFailures = new Map<string, string>();
  autoHealthy: boolean;
  private readonly knownImages: (reference: string) => boolean;
  private readonly registryImages: (reference: string) => boolean;
  private readonly events = new FakeEventHub();
  private sequence = 0;
  private clock = Date.parse('2026-01-01T00:00:00Z');

  /** How many times a container was inspected (waits poll with inspections). */
  inspections = 0;

  constructor(options: FakeEngineOptions = {}) {
    this.autoHealthy = options.autoHealthy ?? true;
    this.knownImages = options.knownImages ?? (() => true);
    this.registryImages = options.registryImages ?? (() => false);
  }

  // ---- driving the fake from tests ----

  /** Sets a container's health and emits health_status. */
  setHealth(containerId: string, health: 'starting' | 'healthy' | 'unhealthy'): void {
    const container = this.mustFind(containerId, 'set-health');
    container.health = health;
    this.emitContainer(container, `health_status: ${health}`);
  }

  /**
   * Makes a running container exit with `exitCode`, as if its process ended. With
   * `restarting`, its restart policy is about to start it again (the engine's `restarting`).
   */
  exitContainer(
    containerId: string,
    exitCode: number,
    options: { oomKilled?: boolean; restarting?: boolean } = {},
  ): void {
    const container = this.mustFind(containerId, 'exit-container');
    this.finish(container, exitCode, options.oomKilled ?? false);
    if (options.restarting === true) container.state = 'restarting';
  }

  /** Appends output to a container, as if its process wrote it. */
  writeOutput(containerId: string, stream: 'stdout' | 'stderr', text: string): void {
    this.append(this.mustFind(containerId, 'write-output'), stream, text);
  }

  /** Breaks every event stream once (each emits 'disconnected' then 'reconnected'). */
  disconnectEvents(error = 'connection reset'): void {
    this.events.disconnect(error);
  }

  containerByName(name: string): FakeContainer | undefined {
    return [...this.containers.values()].find((container) => container.spec.name === name);
  }

  callsOf(operation: string): FakeCall[] {
    return this.calls.filter((call) => call.operation === operation);
  }

  // ---- the Engine interface ----

  async ping(): Promise<{ version: string; apiVersion: string }> {
    this.failIfAsked('ping', 'engine');
    return { version: 'fake', apiVersion: '1.41' };
  }

  async listContainers(filterLabels: Labels): Promise<ContainerSummary[]> {
    this.failIfAsked('list-containers', 'engine');
    return [...this.containers.values()]
      .filter((container) => matchesFilter(container.spec.labels, filterLabels))
      .map((c) => summarizeFakeContainer(c));
  }

  async inspectContainer(containerId: string): Promise<ContainerSummary | undefined> {
    this.inspections += 1;
    const container = this.find(containerId);
    return container && summarizeFakeContainer(container);
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    this.record('create-container', spec.name, { image: spec.image });
    this.failIfAsked('create-container', `container:${spec.name}`);
    if (this.containerByName(spec.name)) {
      throw containerConflict(
        'create-container',
        spec.name,
        `Conflict. The container name "/${spec.name}" is already in use`,
      );
    }
    if (!this.knownImages(spec.image) && !this.images.has(spec.image)) {
      throw new EngineOperationError('create-container', `container:${spec.name}`, `No such image: ${spec.image}`, 404);
    }
    const id = this.nextId();
    const container: FakeContainer = {
      id,
      spec: structuredClone(spec),
      imageId: this.images.get(spec.image)?.id ?? fakeImageId(spec.image),
      state: 'created',
      oomKilled: false,
      restartCount: 0,
      output: [],
      outputListeners: new Set(),
    };
    this.containers.set(id, container);
    if (spec.network) this.attach(spec.network.name, id, spec.network.aliases);
    this.emitContainer(container, 'create');
    return id;
  }

  async startContainer(containerId: string): Promise<void> {
    const container = this.mustFind(containerId, 'start-container');
    this.record('start-container', container.spec.name);
    this.failIfAsked('start-container', `container:${container.spec.name}`);
    if (container.state === 'running') return;
    container.state = 'running';
    delete container.exitCode;
    container.startedAt = this.now();
    container.health = container.spec.healthcheck ? 'starting' : undefined;
    this.emitContainer(container, 'start');
    const script = runFakeScript([...(container.spec.entrypoint ?? []), ...(container.spec.command ?? [])]);
    for (const line of script.output) this.append(container, line.stream, line.text);
    if (script.exitCode !== undefined) {
      this.finish(container, script.exitCode, false);
      return;
    }
    if (container.spec.healthcheck && this.autoHealthy) this.setHealth(containerId, 'healthy');
  }

  async stopContainer(containerId: string, timeoutSeconds?: number, signal?: string): Promise<void> {
    const container = this.mustFind(containerId, 'stop-container');
    this.record('stop-container', container.spec.name, { timeoutSeconds, signal: signal ?? container.spec.stopSignal });
    this.failIfAsked('stop-container', `container:${container.spec.name}`);
    if (container.state !== 'running') return;
    this.emitContainer(container, 'kill');
    this.finish(container, 0, false);
    this.emitContainer(container, 'stop');
  }

  async restartContainer(containerId: string, timeoutSeconds?: number): Promise<void> {
    const container = this.mustFind(containerId, 'restart-container');
    this.record('restart-container', container.spec.name, { timeoutSeconds });
    if (container.state === 'running') this.finish(container, 0, false);
    await this.startContainer(containerId);
  }

  async killContainer(containerId: string, signal: string): Promise<void> {
    const container = this.mustFind(containerId, 'kill-container');
    this.record('kill-container', container.spec.name, { signal });
    if (container.state !== 'running') {
      throw containerNotRunning('kill-container', container, containerId);
    }
    this.emitContainer(container, 'kill');
    if (signal === 'SIGKILL' || signal === 'KILL' || signal === 'SIGTERM' || signal === 'TERM')
      this.finish(container, signal.endsWith('KILL') ? 137 : 143, false);
  }

  async removeContainer(containerId: string, options: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    const container = this.find(containerId);
    if (!container) return;
    this.record('remove-container', container.spec.name, {
      force: options.force ?? false,
      volumes: options.volumes ?? false,
    });
    this.failIfAsked('remove-container', `container:${container.spec.name}`);
    if (container.state === 'running' && !options.force) {
      throw containerConflict(
        'remove-container',
        container.spec.name,
        'You cannot remove a running container. Stop the container before attempting removal or force remove',
      );
    }
    if (container.state === 'running') this.finish(container, 137, false);
    for (const network of this.networks.values()) network.aliases.delete(container.id);
    this.containers.delete(container.id);
    this.emitContainer(container, 'destroy');
  }

  async renameContainer(containerId: string, newName: string): Promise<void> {
    const container = this.mustFind(containerId, 'rename-container');
    this.record('rename-container', container.spec.name, { newName });
    if (this.containerByName(newName))
      throw containerConflict('rename-container', container.spec.name, `name "${newName}" is already in use`);
    container.spec.name = newName;
  }

  async connectNetwork(networkName: string, containerId: string, aliases: string[]): Promise<void> {
    this.record('connect-network', networkName, { containerId, aliases });
    this.attach(networkName, containerId, aliases);
  }

  async listNetworks(filterLabels: Labels): Promise<NetworkSummary[]> {
    return listFakeNetworks(this.networks, filterLabels);
  }

  async createNetwork(name: string, labels: Labels): Promise<string> {
    this.record('create-network', name);
    this.failIfAsked('create-network', `network:${name}`);
    return addFakeNetwork(this.networks, name, labels, () => this.nextId());
  }

  async removeNetwork(name: string): Promise<void> {
    if (!this.networks.has(name)) return;
    this.record('remove-network', name);
    deleteFakeNetwork(this.networks, name);
  }

  async listVolumes(filterLabels: Labels): Promise<VolumeSummary[]> {
    return listFakeVolumes(this.volumes, filterLabels);
  }

  async createVolume(name: string, labels: Labels): Promise<void> {
    this.record('create-volume', name);
    this.failIfAsked('create-volume', `volume:${name}`);
    if (!this.volumes.has(name)) this.volumes.set(name, { name, labels: { ...labels } });
  }

  async removeVolume(name: string): Promise<void> {
    if (!this.volumes.has(name)) return;
    this.record('remove-volume', name);
    deleteFakeVolume(this.volumes, this.containers.values(), name);
  }

  async inspectImage(reference: string): Promise<ImageSummary | undefined> {
    const image = this.images.get(reference);
    if (image) return structuredClone(image);
    if (!this.knownImages(reference)) return undefined;
    return { id: fakeImageId(reference), tags: [reference], labels: {} };
  }

  async buildImage(spec: BuildSpec, onEvent: (event: BuildEvent) => void): Promise<string> {
    const context = await drain(spec.context);
    const tag = spec.tags[0] ?? 'untagged';
    this.record('build-image', tag, {
      dockerfile: spec.dockerfile,
      args: spec.args,
      target: spec.target,
      contextBytes: context.length,
    });
    onEvent({ kind: 'progress', text: `Step 1/1 : FROM fake\n` });
    const failure = this.buildFailures.get(tag);
    if (failure !== undefined) {
      onEvent({ kind: 'error', text: failure });
      throw new EngineOperationError('build-image', `image:${tag}`, failure);
    }
    const id = fakeBuildId(context, spec);
    for (const reference of spec.tags)
      this.images.set(reference, { id, tags: [...spec.tags], labels: { ...spec.labels } });
    onEvent({ kind: 'progress', text: `Successfully built ${id.slice(7, 19)}\n` });
    return id;
  }

  /** Pulls what `registryImages` holds; anything else is refused as a registry would. */
  async pullImage(reference: string, onEvent: (event: BuildEvent) => void): Promise<void> {
    this.record('pull-image', reference);
    if (!this.registryImages(reference))
      throw new EngineOperationError('pull-image', `image:${reference}`, `pull access denied for ${reference}`);
    onEvent({ kind: 'progress', text: `Pulled ${reference}\n` });
    this.images.set(reference, { id: fakeImageId(reference), tags: [reference], labels: {} });
  }

  async exec(containerId: string, spec: ExecSpec): Promise<ExecSession> {
    const container = this.mustFind(containerId, 'exec');
    this.record('exec', container.spec.name, { cmd: spec.cmd });
    if (container.state !== 'running') throw containerNotRunning('exec', container, containerId);
    return fakeExecSession(spec);
  }

  async putArchive(containerId: string, path: string, tar: Readable): Promise<void> {
    const container = this.mustFind(containerId, 'put-archive');
    const bytes = await drain(tar);
    this.record('put-archive', container.spec.name, { path, bytes: bytes.length });
  }

  async streamLogs(
    containerId: string,
    options: { since?: number; tail?: number; follow: boolean; signal: AbortSignal },
    onChunk: (chunk: LogChunk) => void,
  ): Promise<void> {
    await streamFakeLogs(this.mustFind(containerId, 'stream-logs'), options, onChunk);
  }

  async stats(containerId: string): Promise<ContainerStats | undefined> {
    const container = this.find(containerId);
    return container?.state === 'running' ? { cpuPercent: 0, memoryBytes: 1024 * 1024 } : undefined;
  }

  async streamEvents(filterLabels: Labels, signal: AbortSignal, onEvent: (event: EngineEvent) => void): Promise<void> {
    await this.events.follow(filterLabels, signal, onEvent);
  }

  // ---- internals ----

  private nextId(): string {
    this.sequence += 1;
    return createHash('sha256').update(`fake-${this.sequence}`).digest('hex');
  }

  private now(): string {
    this.clock += 1;
    return new Date(this.clock).toISOString();
  }

  private record(operation: string, target: string, detail?: Record<string, unknown>): void {
    this.calls.push({ operation, target, ...(detail ? { detail } : {}) });
  }

  private failIfAsked(operation: string, resource: string): void {
    const message = this.failures.get(operation);
    if (message === undefined) return;
    this.failures.delete(operation);
    throw new EngineOperationError(operation, resource, message, 500);
  }

  private find(containerId: string): FakeContainer | undefined {
    return (
      this.containers.get(containerId) ??
      this.containerByName(containerId) ??
      [...this.containers.values()].find((c) => containerId.length >= 12 && c.id.startsWith(containerId))
    );
  }

  private mustFind(containerId: string, operation: string): FakeContainer {
    const container = this.find(containerId);
    if (!container) throw noSuchContainer(operation, containerId);
    return container;
  }

  private attach(networkName: string, containerId: string, aliases: string[]): void {
    attachFakeNetwork(this.networks, networkName, containerId, aliases);
  }

  private finish(container: FakeContainer, exitCode: number, oomKilled: boolean): void {
    if (container.state !== 'running') return;
    container.state = 'exited';
    container.exitCode = exitCode;
    container.oomKilled = oomKilled;
    container.finishedAt = this.now();
    delete container.health;
    if (oomKilled) this.emitContainer(container, 'oom');
    this.emitContainer(container, 'die', exitCode);
    endFakeOutput(container);
  }

  private append(container: FakeContainer, stream: 'stdout' | 'stderr', text: string): void {
    appendFakeOutput(container, { stream, time: this.now(), text });
  }

  private emitContainer(container: FakeContainer, action: string, exitCode?: number): void {
    this.events.emitContainer(container, action, Math.floor(this.clock / 1000), exitCode);
  }
}
