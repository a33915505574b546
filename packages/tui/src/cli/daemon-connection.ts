// Reaching devd from a command: find the user's socket, start devd if nothing answers,
// and hand back a client.

import { DaemonClient, ensureDaemon, resolveRuntimePaths, type RuntimePaths } from '@devup/daemon/client';
import { CliError, EXIT, type CliIo } from './cli-io.js';

export interface DaemonConnection {
  client: DaemonClient;
  paths: RuntimePaths;
  /** True when this command started devd. */
  started: boolean;
}

export const connectDaemon = async (io: Pick<CliIo, 'env'>): Promise<DaemonConnection> => {
  const paths = resolveRuntimePaths(io.env);
  let started: boolean;
  try {
    ({ started } = await ensureDaemon({
      paths,
      env: io.env as NodeJS.ProcessEnv,
      ...(io.env['DEVUP_DEVD'] !== undefined ? { devdPath: io.env['DEVUP_DEVD'] } : {}),
    }));
  } catch (error) {
    throw new CliError(error instanceof Error ? error.message : String(error), EXIT.daemonUnavailable);
  }
  return { client: new DaemonClient({ socketPath: paths.socketPath }), paths, started };
};
