// The wire protocol between devd and its clients (the CLI and the TUI).
// REST routes live under /v1; one websocket stream at /v1/stream carries
// hello -> snapshot -> deltas. Every item on the stream has a sequence number.

import type { ConfigIssue } from '@devup/schema';

export const PROTOCOL_VERSION = 1;

/** What a client sends so the daemon can load a project the way the CLI would. */
export interface ProjectRef {
  /** Absolute working directory of the CLI invocation. */
  cwd: string;
  files: string[];
  projectName?: string;
  projectDirectory?: string;
  envFiles: string[];
  profiles: string[];
  /** The CLI's environment, used for interpolation and COMPOSE_* variables. */
  env: Record<string, string>;
}

export type ServiceState =
  | 'absent' // no container
  | 'waiting' // blocked on a dependency condition
  | 'building'
  | 'created'
  | 'starting' // running, health not yet known
  | 'running' // running, no healthcheck
  | 'healthy'
  | 'unhealthy'
  | 'restarting'
  | 'crash-loop'
  | 'exited' // stopped with an exit code (completed, or failed once)
  | 'stopped'; // stopped by the user

export type WatchState =
  | { kind: 'off' }
  | { kind: 'watching' }
  | { kind: 'syncing'; files: number }
  | { kind: 'in-sync'; at: string }
  | { kind: 'rebuilding' }
  | { kind: 'failed'; reason: string };

export interface PublishedPort {
  hostIp: string;
  hostPort: number;
  containerPort: number;
  protocol: 'tcp' | 'udp' | 'sctp';
  /** e.g. "http://127.0.0.1:8080", for tcp ports. */
  url?: string;
}

export interface ServiceStatus {
  projectName: string;
  serviceName: string;
  /** Replica index (1-based) -> container id, for the running replicas. */
  containerIds: string[];
  state: ServiceState;
  health?: 'starting' | 'healthy' | 'unhealthy';
  ports: PublishedPort[];
  restarts: number;
  exitCode?: number;
  oomKilled?: boolean;
  /** ISO time the current container started. */
  startedAt?: string;
  /** "waiting on db: healthy" */
  waitingOn?: string;
  /** Why the last recreate happened, e.g. "config changed: environment.DEBUG". */
  recreatedBecause?: string;
  /** Why the last command could not run this service, e.g. "not run: await-healthy service:db failed"; cleared when it starts. */
  problem?: string;
  /** On a crash loop: the last lines, oldest first. */
  lastLines?: string[];
  watch: WatchState;
  /** Differs from the production definition (see `dev parity`). */
  drift?: boolean;
  cpuPercent?: number;
  memoryBytes?: number;
}

export interface ProjectStatus {
  projectName: string;
  workingDir: string;
  configFiles: string[];
  services: ServiceStatus[];
  /** Config problems found by the last load; empty when the config is valid. */
  configIssues: ConfigIssue[];
}

export interface LogLine {
  /** Per-project, strictly increasing, never reused while the daemon runs. */
  seq: number;
  projectName: string;
  serviceName: string;
  /** Replica number. */
  replica: number;
  stream: 'stdout' | 'stderr' | 'devup';
  /** ISO timestamp from the engine. */
  time: string;
  text: string;
}

export type ActivityKind = 'plan' | 'progress' | 'build' | 'watch' | 'error';

export interface Activity {
  projectName: string;
  serviceName?: string;
  kind: ActivityKind;
  text: string;
  time: string;
}

// ---- the stream (server -> client) ----

export type ServerMessage =
  | {
      type: 'hello';
      seq: number;
      protocol: number;
      daemonVersion: string;
      /** Changes each time a daemon (or its log plane process) starts: log sequence numbers are only meaningful within one instance. */
      instanceId?: string;
    }
  | { type: 'snapshot'; seq: number; projects: ProjectStatus[] }
  | { type: 'service'; seq: number; status: ServiceStatus }
  | { type: 'project'; seq: number; status: ProjectStatus }
  | { type: 'project-removed'; seq: number; projectName: string }
  | { type: 'log'; seq: number; line: LogLine }
  /** Several log lines in one frame, oldest first; sent instead of `log` to a client that subscribed with `batchLogs`. */
  | { type: 'logs'; seq: number; lines: LogLine[] }
  /** The client fell behind its buffer: lines between fromSeq and toSeq were dropped for it. */
  | { type: 'logs-skipped'; seq: number; projectName: string; fromSeq: number; toSeq: number }
  | { type: 'activity'; seq: number; activity: Activity }
  | { type: 'error'; seq: number; code: ApiErrorCode; message: string }
  /** The answer to a client's ping. */
  | { type: 'pong'; seq: number; id: string };

// ---- the stream (client -> server) ----

export type ClientMessage =
  | {
      type: 'subscribe';
      /** Only this project (all when absent). */
      projectName?: string;
      /** Only these services' logs (all when absent or empty). */
      services?: string[];
      /** Resume logs after this log sequence number (per project). */
      logsAfter?: Record<string, number>;
      /** How many backlog lines per service to send when not resuming. */
      tail?: number;
      /** Whether to send log lines at all. */
      logs?: boolean;
      /** Log lines come batched in `logs` messages (many lines a frame) instead of one `log` each. */
      batchLogs?: boolean;
    }
  | { type: 'ping'; id: string };

// ---- errors ----

export type ApiErrorCode =
  | 'DEV_ERR_BAD_REQUEST'
  | 'DEV_ERR_BAD_MESSAGE'
  | 'DEV_ERR_UNKNOWN_MESSAGE'
  | 'DEV_ERR_TOO_LARGE'
  | 'DEV_ERR_NOT_FOUND'
  | 'DEV_ERR_CONFIG'
  | 'DEV_ERR_ENGINE_UNAVAILABLE'
  | 'DEV_ERR_ENGINE'
  | 'DEV_ERR_BUILD_FAILED'
  | 'DEV_ERR_PRECHECK'
  | 'DEV_ERR_FORBIDDEN'
  | 'DEV_ERR_UNAUTHORIZED'
  | 'DEV_ERR_INTERNAL';

export interface ApiErrorBody {
  error: { code: ApiErrorCode; message: string; issues?: ConfigIssue[] };
}

// ---- REST bodies (/v1) ----

/** Options of `dev up`, sent with POST /v1/projects/up and /v1/projects/plan. */
export interface UpRequest {
  ref: ProjectRef;
  /** Only these services (and what they depend on); all when empty. */
  services: string[];
  build: boolean;
  forceRecreate: boolean;
  dryRun: boolean;
  /** Whether the daemon watches the project's files after `up`. */
  watch: boolean;
  /** Remove containers of services no longer in the config (`--remove-orphans`); else they stay and are reported. */
  removeOrphans?: boolean;
  /** Never build images (`--no-build`). */
  noBuild?: boolean;
  /** Seconds a container being replaced or removed gets before the kill (`-t`), instead of its stop_grace_period. */
  timeoutSeconds?: number;
  /** Pull images by this policy instead of each service's pull_policy (`--pull`). */
  pull?: 'always' | 'missing' | 'never' | 'build';
  /**
   * When true and the plan would change anything, the daemon changes nothing and answers
   * with `deferred: true` (and the plan), so the client can run its pre-flight checks and
   * send the request again without this flag. An up-to-date project is served as usual.
   */
  deferUnlessUpToDate?: boolean;
}

export interface ServiceFailure {
  serviceName: string;
  message: string;
}

export interface UpResponse {
  projectName: string;
  /** The plan as printed text, one operation per line; empty when nothing changes. */
  planText: string;
  failed: ServiceFailure[];
  warnings: ConfigIssue[];
  status: ProjectStatus;
  /** Set when `deferUnlessUpToDate` held the request back: `planText` is what would run. */
  deferred?: boolean;
  /** Containers of services no longer in the config, left running (no `removeOrphans`). */
  orphans?: string[];
}

/** Which project a command acts on: loaded from `ref`, or by name alone. */
export interface ProjectTarget {
  ref?: ProjectRef;
  projectName?: string;
}

export interface DownRequest extends ProjectTarget {
  volumes: boolean;
  timeoutSeconds?: number;
  /** Also remove containers of services no longer in the config (`--remove-orphans`). */
  removeOrphans?: boolean;
}

/** stop / start / restart / build. */
export interface ServicesRequest {
  ref: ProjectRef;
  services: string[];
  /** stop, restart: seconds to wait before killing, instead of each container's stop_grace_period (`-t`). */
  timeoutSeconds?: number;
  /** restart: only the named services, not those that restart with them (`--no-deps`). */
  noDeps?: boolean;
  /** build: do not use the build cache (`--no-cache`). */
  noCache?: boolean;
  /** build: pull newer versions of the base images (`--pull`). */
  pull?: boolean;
}

export interface CommandResponse {
  projectName: string;
  failed: ServiceFailure[];
  /** down: containers of services no longer in the config, left in place (no `removeOrphans`). */
  orphans?: string[];
}

export interface DaemonStatus {
  pid: number;
  socketPath: string;
  version: string;
  protocol: number;
  instanceId: string;
  /** Which build of devd this is (see state/build-id.ts); a CLI of another build restarts an idle devd. */
  buildId?: string;
  /** REST commands in progress plus open exec sessions: what a restart would cut short. */
  commandsRunning?: number;
  startedAt: string;
  engine: { connected: boolean; version?: string; error?: string };
  /** The log plane's own process (absent when the lines are kept in devd's): its pid, and how often it was started again. */
  logPlane?: { pid: number; restarts: number };
  projects: { projectName: string; workingDir: string; services: number; watch: boolean }[];
}

// ---- exec (/v1/exec websocket) ----

export type ExecClientMessage =
  | {
      type: 'start';
      projectName: string;
      serviceName: string;
      /** Replica number, 1 when absent. */
      index?: number;
      cmd: string[];
      tty: boolean;
      interactive: boolean;
      user?: string;
      workingDir?: string;
      env?: string[];
      columns?: number;
      rows?: number;
    }
  /** base64 */
  | { type: 'stdin'; data: string }
  | { type: 'stdin-end' }
  | { type: 'resize'; columns: number; rows: number };

export type ExecServerMessage =
  | { type: 'started' }
  /** base64 */
  | { type: 'stdout'; data: string }
  | { type: 'stderr'; data: string }
  | { type: 'exit'; code: number }
  | { type: 'error'; code: ApiErrorCode; message: string };
