// An in-memory Engine for unit tests. Containers have states and health a test can
// drive (setHealth, exitContainer), every change is emitted as an engine event, and
// every mutating call is recorded in `calls` for assertions. `sh -c` commands are run
// through a tiny interpreter (fake-shell.ts) so output and exit codes look real.

import { createHash } from 'node:crypto';
import { PassThrough, type Readable } from 'node:stream';
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
  readonly networks = new Map<string, NetworkSummary & { aliases: Map<string, string[]> }>();
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
  private readonly eventListeners = new Set<(event: EngineEvent) => void>();
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
    for (const listener of [...this.eventListeners]) {
      listener({ kind: 'disconnected', error });
      listener({ kind: 'reconnected' });
    }
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
      throw new EngineOperationError(
        'create-container',
        `container:${spec.name}`,
        `Conflict. The container name "/${spec.name}" is already in use`,
        409,
      );
    }
    if (!this.knownImages(spec.image) && !this.images.has(spec.image)) {
      throw new EngineOperationError('create-container', `container:${spec.name}`, `No such image: ${spec.image}`, 404);
    }
    const id = this.nextId();
    const container: FakeContainer = {
      id,
      spec: structuredClone(spec),
      imageId: this.images.get(spec.image)?.id ?? `sha256:${createHash('sha256').update(spec.image).digest('hex')}`,
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
      throw new EngineOperationError(
        'kill-container',
        `container:${container.spec.name}`,
        `Container ${containerId} is not running`,
        409,
      );
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
      throw new EngineOperationError(
        'remove-container',
        `container:${container.spec.name}`,
        'You cannot remove a running container. Stop the container before attempting removal or force remove',
        409,
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
      throw new EngineOperationError(
        'rename-container',
        `container:${container.spec.name}`,
        `name "${newName}" is already in use`,
        409,
      );
    container.spec.name = newName;
  }

  async connectNetwork(networkName: string, containerId: string, aliases: string[]): Promise<void> {
    this.record('connect-network', networkName, { containerId, aliases });
    this.attach(networkName, containerId, aliases);
  }

  async listNetworks(filterLabels: Labels): Promise<NetworkSummary[]> {
    return [...this.networks.values()]
      .filter((network) => matchesFilter(network.labels, filterLabels))
      .map(({ id, name, labels }) => ({ id, name, labels }));
  }

  async createNetwork(name: string, labels: Labels): Promise<string> {
    this.record('create-network', name);
    this.failIfAsked('create-network', `network:${name}`);
    if (this.networks.has(name))
      throw new EngineOperationError(
        'create-network',
        `network:${name}`,
        `network with name ${name} already exists`,
        409,
      );
    const id = this.nextId();
    this.networks.set(name, { id, name, labels: { ...labels }, aliases: new Map() });
    return id;
  }

  async removeNetwork(name: string): Promise<void> {
    const network = this.networks.get(name);
    if (!network) return;
    this.record('remove-network', name);
    if (network.aliases.size > 0)
      throw new EngineOperationError(
        'remove-network',
        `network:${name}`,
        `error while removing network: network ${name} has active endpoints`,
        403,
      );
    this.networks.delete(name);
  }

  async listVolumes(filterLabels: Labels): Promise<VolumeSummary[]> {
    return [...this.volumes.values()]
      .filter((volume) => matchesFilter(volume.labels, filterLabels))
      .map((volume) => structuredClone(volume));
  }

  async createVolume(name: string, labels: Labels): Promise<void> {
    this.record('create-volume', name);
    this.failIfAsked('create-volume', `volume:${name}`);
    if (!this.volumes.has(name)) this.volumes.set(name, { name, labels: { ...labels } });
  }

  async removeVolume(name: string): Promise<void> {
    if (!this.volumes.has(name)) return;
    this.record('remove-volume', name);
    const inUse = [...this.containers.values()].some((container) =>
      container.spec.host.mounts.some((mount) => mount.type === 'volume' && mount.source === name),
    );
    if (inUse)
      throw new EngineOperationError('remove-volume', `volume:${name}`, `remove ${name}: volume is in use`, 409);
    this.volumes.delete(name);
  }

  async inspectImage(reference: string): Promise<ImageSummary | undefined> {
    const image = this.images.get(reference);
    if (image) return structuredClone(image);
    if (!this.knownImages(reference)) return undefined;
    return { id: `sha256:${createHash('sha256').update(reference).digest('hex')}`, tags: [reference], labels: {} };
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
    const id = `sha256:${createHash('sha256')
      .update(context)
      .update(JSON.stringify([spec.dockerfile, spec.args, spec.target, spec.labels]))
      .digest('hex')}`;
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
    this.images.set(reference, {
      id: `sha256:${createHash('sha256').update(reference).digest('hex')}`,
      tags: [reference],
      labels: {},
    });
  }

  async exec(containerId: string, spec: ExecSpec): Promise<ExecSession> {
    const container = this.mustFind(containerId, 'exec');
    this.record('exec', container.spec.name, { cmd: spec.cmd });
    if (container.state !== 'running')
      throw new EngineOperationError(
        'exec',
        `container:${container.spec.name}`,
        `Container ${containerId} is not running`,
        409,
      );
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const script = runFakeScript(spec.cmd);
    for (const line of script.output) (line.stream === 'stderr' ? stderr : stdout).write(line.text);
    stdout.end();
    stderr.end();
    return {
      stdout,
      stderr,
      exitCode: Promise.resolve(script.exitCode ?? 0),
      ...(spec.attachStdin ? { stdin: new PassThrough() } : {}),
    };
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
    const container = this.mustFind(containerId, 'stream-logs');
    let backlog = container.output.filter(
      (chunk) => options.since === undefined || Date.parse(chunk.time) / 1000 >= options.since,
    );
    if (options.tail !== undefined) backlog = backlog.slice(Math.max(0, backlog.length - options.tail));
    for (const chunk of backlog) onChunk(chunk);
    if (!options.follow || container.state !== 'running' || options.signal.aborted) return;
    await new Promise<void>((resolve) => {
      const listener = (chunk: LogChunk | undefined): void => {
        if (chunk) return onChunk(chunk);
        container.outputListeners.delete(listener);
        resolve();
      };
      container.outputListeners.add(listener);
      options.signal.addEventListener('abort', () => listener(undefined), { once: true });
    });
  }

  async stats(containerId: string): Promise<ContainerStats | undefined> {
    const container = this.find(containerId);
    return container?.state === 'running' ? { cpuPercent: 0, memoryBytes: 1024 * 1024 } : undefined;
  }

  async streamEvents(filterLabels: Labels, signal: AbortSignal, onEvent: (event: EngineEvent) => void): Promise<void> {
    if (signal.aborted) return;
    await new Promise<void>((resolve) => {
      const listener = (event: EngineEvent): void => {
        if (event.kind !== 'container' || matchesFilter(event.labels, filterLabels)) onEvent(event);
      };
      this.eventListeners.add(listener);
      signal.addEventListener('abort', () => (this.eventListeners.delete(listener), resolve()), { once: true });
    });
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
    if (!container)
      throw new EngineOperationError(
        operation,
        `container:${containerId.slice(0, 12)}`,
        `No such container: ${containerId}`,
        404,
      );
    return container;
  }

  private attach(networkName: string, containerId: string, aliases: string[]): void {
    const network = this.networks.get(networkName);
    if (!network)
      throw new EngineOperationError(
        'connect-network',
        `network:${networkName}`,
        `network ${networkName} not found`,
        404,
      );
    network.aliases.set(containerId, [...aliases]);
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
    for (const listener of [...container.outputListeners]) listener(undefined);
  }

  private append(container: FakeContainer, stream: 'stdout' | 'stderr', text: string): void {
    const chunk: LogChunk = { stream, time: this.now(), text };
    container.output.push(chunk);
    for (const listener of container.outputListeners) listener(chunk);
  }

  private emitContainer(container: FakeContainer, action: string, exitCode?: number): void {
    const event: EngineEvent = {
      kind: 'container',
      action,
      containerId: container.id,
      labels: { ...container.spec.labels, name: container.spec.name, image: container.spec.image },
      ...(exitCode !== undefined ? { exitCode } : {}),
      time: Math.floor(this.clock / 1000),
    };
    for (const listener of [...this.eventListeners]) listener(event);
  }
}
