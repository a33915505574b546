// The Engine interface: everything devd asks of a container engine. The dockerode
// adapter (docker-engine.ts, its calls in docker/) is the only code that talks to
// Docker; the in-memory fake (fake-engine.ts) implements the same interface for unit
// tests, and one contract suite runs against both.

import type { Readable, Writable } from 'node:stream';

export type Labels = Record<string, string>;

export interface ContainerSummary {
  id: string;
  name: string;
  image: string;
  imageId: string;
  labels: Labels;
  /** Engine state: created, running, paused, restarting, exited, dead. */
  state: string;
  /** Health when the container has a healthcheck. */
  health?: 'starting' | 'healthy' | 'unhealthy';
  exitCode?: number;
  oomKilled?: boolean;
  restartCount: number;
  startedAt?: string;
  finishedAt?: string;
  ports: { hostIp: string; hostPort: number; containerPort: number; protocol: 'tcp' | 'udp' | 'sctp' }[];
}

export interface NetworkSummary {
  id: string;
  name: string;
  labels: Labels;
}

export interface VolumeSummary {
  name: string;
  labels: Labels;
}

export interface ImageSummary {
  id: string;
  tags: string[];
  labels: Labels;
}

export interface ContainerSpec {
  name: string;
  image: string;
  labels: Labels;
  command?: string[];
  entrypoint?: string[];
  env: string[];
  workingDir?: string;
  user?: string;
  hostname?: string;
  tty: boolean;
  openStdin: boolean;
  stopSignal?: string;
  stopTimeoutSeconds?: number;
  healthcheck?: {
    test: string[];
    intervalNs?: number;
    timeoutNs?: number;
    startPeriodNs?: number;
    startIntervalNs?: number;
    retries?: number;
  };
  exposedPorts: string[]; // "80/tcp"
  host: {
    binds: string[]; // "src:dst[:ro]"
    mounts: {
      type: 'volume' | 'tmpfs' | 'bind';
      source?: string;
      target: string;
      readOnly: boolean;
      tmpfsSizeBytes?: number;
      tmpfsMode?: number;
      noCopy?: boolean;
    }[];
    portBindings: Record<string, { hostIp: string; hostPort: string }[]>;
    restartPolicy?: { name: string; maximumRetryCount?: number };
    init?: boolean;
    extraHosts: string[];
    memoryBytes?: number;
    nanoCpus?: number;
    pidsLimit?: number;
  };
  /** The network the container joins at creation, with its aliases. */
  network?: { name: string; aliases: string[] };
}

export interface BuildSpec {
  /** A tar stream of the context, with .dockerignore already applied. */
  context: Readable;
  dockerfile: string;
  tags: string[];
  args: Record<string, string>;
  target?: string;
  labels: Labels;
  /** Do not use the build cache. */
  noCache?: boolean;
  /** Pull newer versions of the base images (FROM) before building. */
  pull?: boolean;
}

export type BuildEvent = { kind: 'progress'; text: string } | { kind: 'error'; text: string };

export interface ExecSpec {
  cmd: string[];
  user?: string;
  workingDir?: string;
  env?: string[];
  tty: boolean;
  attachStdin: boolean;
  privileged?: boolean;
}

export interface ExecSession {
  /** Present when attachStdin was true. */
  stdin?: Writable;
  stdout: Readable;
  stderr: Readable;
  /** Resolves with the exit code once the process ends. */
  exitCode: Promise<number>;
  resize?(columns: number, rows: number): Promise<void>;
}

export type EngineEvent =
  | { kind: 'container'; action: string; containerId: string; labels: Labels; exitCode?: number; time: number }
  | { kind: 'disconnected'; error: string }
  /** The stream is back after a 'disconnected'; state may have changed meanwhile: re-observe. */
  | { kind: 'reconnected' };

export interface LogChunk {
  stream: 'stdout' | 'stderr';
  /** The engine's timestamp, RFC 3339 with nanoseconds. */
  time: string;
  text: string;
}

export interface ContainerStats {
  cpuPercent: number;
  memoryBytes: number;
}

export interface Engine {
  ping(): Promise<{ version: string; apiVersion: string }>;

  listContainers(filterLabels: Labels): Promise<ContainerSummary[]>;
  inspectContainer(containerId: string): Promise<ContainerSummary | undefined>;
  createContainer(spec: ContainerSpec): Promise<string>;
  startContainer(containerId: string): Promise<void>;
  stopContainer(containerId: string, timeoutSeconds?: number, signal?: string): Promise<void>;
  restartContainer(containerId: string, timeoutSeconds?: number): Promise<void>;
  killContainer(containerId: string, signal: string): Promise<void>;
  removeContainer(containerId: string, options?: { force?: boolean; volumes?: boolean }): Promise<void>;
  renameContainer(containerId: string, newName: string): Promise<void>;
  connectNetwork(networkName: string, containerId: string, aliases: string[]): Promise<void>;

  listNetworks(filterLabels: Labels): Promise<NetworkSummary[]>;
  createNetwork(
    name: string,
    labels: Labels,
    options?: { driver?: string; internal?: boolean; attachable?: boolean },
  ): Promise<string>;
  removeNetwork(name: string): Promise<void>;

  listVolumes(filterLabels: Labels): Promise<VolumeSummary[]>;
  createVolume(
    name: string,
    labels: Labels,
    options?: { driver?: string; driverOpts?: Record<string, string> },
  ): Promise<void>;
  removeVolume(name: string): Promise<void>;

  inspectImage(reference: string): Promise<ImageSummary | undefined>;
  /** Builds an image; events stream progress; rejects with the build error. */
  buildImage(spec: BuildSpec, onEvent: (event: BuildEvent) => void): Promise<string>;
  /** Pulls an image from its registry; events stream progress; rejects with the registry's error. */
  pullImage?(reference: string, onEvent: (event: BuildEvent) => void): Promise<void>;

  /** Starts a process in a running container. */
  exec(containerId: string, spec: ExecSpec): Promise<ExecSession>;
  /** Extracts a tar stream into the container at `path` (the archive endpoint). */
  putArchive(containerId: string, path: string, tar: Readable): Promise<void>;

  /**
   * Follows a container's output. `since` is a unix time in seconds (fractional allowed)
   * for the backlog; `follow` keeps the stream open. Ends when the container stops or
   * `signal` aborts.
   */
  streamLogs(
    containerId: string,
    options: { since?: number; tail?: number; follow: boolean; signal: AbortSignal },
    onChunk: (chunk: LogChunk) => void,
  ): Promise<void>;

  stats(containerId: string): Promise<ContainerStats | undefined>;

  /** Follows engine events until `signal` aborts; emits 'disconnected' when the stream breaks. */
  streamEvents(filterLabels: Labels, signal: AbortSignal, onEvent: (event: EngineEvent) => void): Promise<void>;
}
