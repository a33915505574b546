// The real daemon probe: ask devd for its status over its socket, if there is one.
import { existsSync } from 'node:fs';
import { DaemonClient, DaemonUnavailableError, PROTOCOL_VERSION, resolveRuntimePaths } from '@devup/daemon/client';
import type { DaemonHealth, DaemonProbe } from './daemon-check.js';

export const createDaemonProbe =
  (env: Readonly<Record<string, string | undefined>>, timeoutMs = 3_000): DaemonProbe =>
  async (): Promise<DaemonHealth> => {
    const { socketPath } = resolveRuntimePaths({ ...env });
    if (!existsSync(socketPath)) return { state: 'not-running', detail: `no socket at ${socketPath}` };
    try {
      const status = await new DaemonClient({ socketPath, timeoutMs }).daemonStatus();
      if (status.protocol !== PROTOCOL_VERSION) {
        return {
          state: 'unhealthy',
          message: `devd ${status.version} speaks protocol ${status.protocol}, this dev speaks ${PROTOCOL_VERSION}`,
        };
      }
      const engine = status.engine.connected
        ? 'engine connected'
        : `engine not connected${status.engine.error === undefined ? '' : ` (${status.engine.error})`}`;
      const projects = `${status.projects.length} project(s)`;
      return { state: 'running', version: status.version, detail: `pid ${status.pid}, ${engine}, ${projects}` };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (error instanceof DaemonUnavailableError && /ECONNREFUSED|ENOENT/.test(message)) {
        return { state: 'not-running', detail: `stale socket at ${socketPath}` };
      }
      return { state: 'unhealthy', message };
    }
  };
