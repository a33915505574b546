// Reaching devd from a command: find the user's socket, start devd if nothing answers,
// make sure it runs this build (an idle devd of another build is restarted), and hand
// back a client.

import {
  buildIdFor,
  DaemonClient,
  defaultDevdPath,
  ensureDaemon,
  isProcessAlive,
  probeSocket,
  readPidFile,
  resolveRuntimePaths,
  type RuntimePaths,
} from '@devup/daemon/client';
import { CliError, EXIT, type CliIo, writeLine } from './cli-io.js';
import { judgeDaemonBuild } from './daemon-build.js';

export interface DaemonConnection {
  client: DaemonClient;
  paths: RuntimePaths;
  /** True when this command started devd. */
  started: boolean;
}

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Asks devd to stop (commands in progress finish first) and waits until it is gone; false when it did not stop in time. */
export const stopDaemonAndWait = async (paths: RuntimePaths, timeoutMs: number): Promise<boolean> => {
  const pid = readPidFile(paths.pidFile);
  if (await probeSocket(paths.socketPath))
    await new DaemonClient({ socketPath: paths.socketPath, timeoutMs: 5000 }).stopDaemon().catch(() => undefined);
  else if (pid !== undefined && isProcessAlive(pid)) process.kill(pid, 'SIGTERM');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!(await probeSocket(paths.socketPath)) && (pid === undefined || !isProcessAlive(pid))) return true;
    await wait(50);
  }
  return false;
};

/** A client that turns a refusal of a request by a devd of another build into what to do about it. */
class OtherBuildClient extends DaemonClient {
  constructor(
    socketPath: string,
    private readonly advice: string,
  ) {
    super({ socketPath });
  }

  override async request<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
    try {
      return await super.request<T>(method, path, body);
    } catch (error) {
      if (error instanceof Error && (error as { code?: string }).code === 'DEV_ERR_BAD_REQUEST')
        throw new CliError(`${this.advice} (it refused: ${error.message})`, EXIT.daemonUnavailable);
      throw error;
    }
  }
}

export const connectDaemon = async (io: Pick<CliIo, 'env' | 'stderr'>): Promise<DaemonConnection> => {
  const paths = resolveRuntimePaths(io.env);
  const devdPath = io.env['DEVUP_DEVD'] ?? defaultDevdPath();
  const ensure = async (): Promise<boolean> => {
    try {
      return (await ensureDaemon({ paths, env: io.env as NodeJS.ProcessEnv, devdPath })).started;
    } catch (error) {
      throw new CliError(error instanceof Error ? error.message : String(error), EXIT.daemonUnavailable);
    }
  };
  let started = await ensure();
  const client = new DaemonClient({ socketPath: paths.socketPath });
  if (started) return { client, paths, started };

  let status = await client.daemonStatus().catch(() => undefined);
  if (status === undefined) {
    // The devd that answered a moment ago is gone (killed or exiting): start one again.
    started = await ensure();
    status = await client.daemonStatus().catch(() => undefined);
    if (started || status === undefined) return { client, paths, started };
  }
  const verdict = judgeDaemonBuild(buildIdFor(devdPath, io.env), status);
  switch (verdict.kind) {
    case 'same':
      return { client, paths, started };
    case 'busy':
      writeLine(io.stderr, `dev: warning: ${verdict.message}`);
      return { client: new OtherBuildClient(paths.socketPath, verdict.message), paths, started };
    case 'restart': {
      // Stopping lets a command that arrived meanwhile finish (devd drains before it exits).
      if (!(await stopDaemonAndWait(paths, 75_000)))
        throw new CliError(
          `${verdict.reason}; it did not stop within 75 s: run \`dev daemon stop\`, then run this command again`,
          EXIT.daemonUnavailable,
        );
      started = await ensure();
      const restarted = await client.daemonStatus().catch(() => undefined);
      writeLine(
        io.stderr,
        `dev: restarted devd (${verdict.reason})${restarted !== undefined ? `; now pid ${restarted.pid}` : ''}`,
      );
      return { client, paths, started };
    }
  }
};
