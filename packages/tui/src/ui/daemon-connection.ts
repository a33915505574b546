// The terminal UI's connection to devd: the daemon client's resumable stream for one
// project, and the service commands as REST calls. The client resumes logs after a
// reconnect and after a daemon restart; the view drops anything it has already seen.

import { openStream, type DaemonClient } from '@devup/daemon/client';
import type { CommandResponse, ProjectRef } from '@devup/daemon/protocol';
import type { ConnectionState } from '../view/view-state.js';
import type { TuiConnection } from './tui-connection.js';

export interface DaemonConnectionOptions {
  client: DaemonClient;
  projectName: string;
  /** How the CLI loads the project; devd needs it for commands. */
  ref: ProjectRef;
  /** Lines per service fetched from the daemon's buffer when the UI opens. */
  historyPerService?: number;
}

export const DEFAULT_HISTORY_PER_SERVICE = 2_000;

type StreamState = 'connecting' | 'open' | 'reconnecting' | 'closed';

export function toConnectionState(state: StreamState): ConnectionState {
  switch (state) {
    case 'connecting':
      return 'connecting';
    case 'open':
      return 'connected';
    case 'reconnecting':
    case 'closed':
      return 'disconnected';
  }
}

/** Turns a response that names failed services into an error the UI shows. */
function throwIfFailed(response: CommandResponse): void {
  if (response.failed.length === 0) return;
  throw new Error(response.failed.map((failure) => `${failure.serviceName}: ${failure.message}`).join('; '));
}

export function createDaemonConnection(options: DaemonConnectionOptions): TuiConnection {
  const { client, projectName, ref } = options;
  const services = (serviceName: string) => ({ ref, services: [serviceName] });
  return {
    subscribe(onMessage, onConnection) {
      const stream = openStream(
        // The backlog comes from history(): over REST it is never cut short by the stream's
        // per-client queue.
        { projectName, logs: true, tail: 0 },
        { onMessage, onState: (state) => onConnection(toConnectionState(state)) },
        { socketPath: client.socketPath, logBatches: true },
      );
      return () => stream.close();
    },
    history: async () =>
      (await client.logs(projectName, { tail: options.historyPerService ?? DEFAULT_HISTORY_PER_SERVICE })).lines,
    restart: async (serviceName) => throwIfFailed(await client.restart(services(serviceName))),
    stop: async (serviceName) => throwIfFailed(await client.stop(services(serviceName))),
    start: async (serviceName) => throwIfFailed(await client.start(services(serviceName))),
    /** Builds the service's image, then swaps its containers; a failed build leaves them running. */
    rebuild: async (serviceName) => throwIfFailed(await client.rebuild(services(serviceName))),
  };
}
