// What the API layer is given. Everything is an interface of ours, so tests build the
// app over small fakes and the daemon over the real parts.

import type { DaemonLog } from '../daemon-log.js';
import type { Engine } from '../engine/engine.js';
import type { AccessPolicy } from '../security/access-policy.js';
import type { FeedSource, LogPlane } from '../logs/log-plane.js';
import type { StreamHandoff } from './stream-upgrades.js';
import type {
  Activity,
  CommandResponse,
  DaemonStatus,
  DownRequest,
  ServicesRequest,
  UpRequest,
  UpResponse,
} from '../protocol/messages.js';
import type { StatusStore } from '../status/status-store.js';
import type { Topic } from '../status/topic.js';

export interface ProjectCommands {
  up(request: UpRequest): Promise<UpResponse>;
  plan(request: UpRequest): Promise<UpResponse>;
  /** The plan for a served project, loaded the way it was last brought up. */
  planServed?(projectName: string): Promise<UpResponse>;
  down(request: DownRequest): Promise<CommandResponse>;
  stop(request: ServicesRequest): Promise<CommandResponse>;
  start(request: ServicesRequest): Promise<CommandResponse>;
  restart(request: ServicesRequest): Promise<CommandResponse>;
  build(request: ServicesRequest): Promise<CommandResponse>;
  /** Builds the services' images, then replaces their containers; a failed build leaves them running. */
  rebuild?(request: ServicesRequest): Promise<CommandResponse>;
}

export interface ApiLimits {
  /** Largest REST body, bytes. */
  bodyBytes: number;
  /** Largest websocket message a client may send, bytes. */
  frameBytes: number;
  /** Messages queued for one stream client before log lines are dropped for it. */
  clientQueue: number;
  /** Unacknowledged writes to one socket before messages queue. */
  inFlight: number;
  /**
   * Bytes of log lines queued for one client that batches logs before its lines are dropped
   * (units of serialized lines, shared by the clients that get them).
   */
  clientLogBytes?: number;
  /**
   * Bytes of log lines all stream clients together may hold: each batching client gets
   * this divided by the number of clients connected, at most `clientLogBytes`. Lines a
   * client holds stay in memory for it alone, so the total
   * bounds devd's memory however many clients connect.
   */
  streamLogBytes?: number;
}

export const defaultApiLimits: ApiLimits = {
  bodyBytes: 1024 * 1024,
  frameBytes: 64 * 1024,
  clientQueue: 2000,
  inFlight: 64,
  clientLogBytes: 32 * 1024 * 1024,
  streamLogBytes: 64 * 1024 * 1024,
};

export interface ApiDeps {
  version: string;
  instanceId: string;
  projects: ProjectCommands;
  store: StatusStore;
  /** Log lines for `GET .../logs`. */
  logs: Pick<LogPlane, 'read'>;
  /** Feeds of stream clients, when devd serves /v1/stream itself (no `streamHandoff`). */
  feeds?: FeedSource;
  activities: Topic<Activity>;
  engine: Pick<Engine, 'listContainers' | 'exec'>;
  daemonStatus: () => DaemonStatus;
  requestShutdown: () => void;
  log: DaemonLog;
  limits?: Partial<ApiLimits>;
  /** Open stream connections, counted here (the daemon samples resource use only while someone watches). */
  viewers?: { count: number };
  /** Commands in progress (POSTs under /v1/projects/) and open exec sessions, counted here for the daemon's status. */
  inProgress?: { commands: number; execs: number };
  /** Who may call: the unix socket (default) or the token-guarded TCP listener. */
  access?: AccessPolicy;
  /** Set when another process serves the stream: upgrades of /v1/stream are handed to it. */
  streamHandoff?: StreamHandoff;
}
