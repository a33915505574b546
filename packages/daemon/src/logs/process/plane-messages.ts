// The messages between devd and its log-plane process (log-plane-process.ts).

import type { ApiLimits } from '../../api/api-deps.js';
import type { Activity, ProjectStatus } from '../../protocol/messages.js';
import type { StatusChange } from '../../status/status-store.js';
import type { ServiceRef } from '../log-feeds.js';
import type { PumpTarget } from '../log-pump.js';
import type { LogRead, LogReadResult } from '../read-logs.js';

export type ToPlane =
  | { type: 'ensure'; target: PumpTarget }
  | { type: 'forget'; containerId: string }
  | { type: 'forget-project'; projectName: string }
  | { type: 'read'; requestId: number; request: LogRead }
  /** From now on, send the last texts of this service whenever it gets output (for crash-loop status). */
  | { type: 'watch-texts'; projectName: string; serviceName: string }
  /** Serve stream connections from now on: what a `hello` says, the limits, and the projects' status now. */
  | { type: 'serve'; version: string; instanceId: string; limits: ApiLimits; projects: ProjectStatus[] }
  | { type: 'status'; changes: StatusChange[] }
  | { type: 'activity'; activity: Activity }
  /** An upgrade of /v1/stream, its connection sent along with this message. */
  | {
      type: 'stream';
      method: string;
      url: string;
      headers: Record<string, string | string[] | undefined>;
      head: Uint8Array;
    }
  /** devd is stopping: drop the stream connections, take no more. */
  | { type: 'close-streams' }
  | { type: 'close' };

export interface ServiceTexts extends ServiceRef {
  texts: string[];
}

export type FromPlane =
  | { type: 'arrivals'; arrivals: ServiceRef[]; texts: ServiceTexts[] }
  | { type: 'read-result'; requestId: number; result?: LogReadResult; error?: string }
  /** Stream connections open in the plane process. */
  | { type: 'viewers'; count: number }
  | { type: 'log'; level: 'debug' | 'info' | 'warn' | 'error'; fields: Record<string, unknown>; message: string };

/** How many last texts of a watched service the plane sends. */
export const WATCHED_TEXTS = 20;
