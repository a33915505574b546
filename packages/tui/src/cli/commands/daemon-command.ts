// dev daemon start|stop|status [--json]: manage the per-user devd.

import {
  DaemonClient,
  ensureDaemon,
  isProcessAlive,
  probeSocket,
  readPidFile,
  resolveRuntimePaths,
} from '@devup/daemon/client';
import type { DaemonStatus } from '@devup/daemon/protocol';
import { CliError, EXIT, UsageError, writeLine } from '../cli-io.js';
import type { Command } from '../command.js';
import { parseCommandArgs } from '../parse-command-args.js';

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export const formatDaemonStatus = (status: DaemonStatus): string =>
  [
    `devd ${status.version} running (pid ${status.pid})`,
    `socket   ${status.socketPath}`,
    `engine   ${status.engine.connected ? `connected (Docker ${status.engine.version ?? '?'})` : `not connected${status.engine.error ? `: ${status.engine.error}` : ''}`}`,
    `projects ${status.projects.length === 0 ? 'none' : status.projects.map((project) => `${project.projectName} (${project.services} services${project.watch ? ', watching' : ''})`).join(', ')}`,
  ].join('\n');

export const daemonCommand: Command = async ({ args, io }) => {
  const { values, positionals } = parseCommandArgs('daemon', args, { json: { type: 'boolean' } });
  const action = positionals[0];
  const paths = resolveRuntimePaths(io.env);
  const client = new DaemonClient({ socketPath: paths.socketPath, timeoutMs: 5000 });
  switch (action) {
    case 'start': {
      const { started } = await ensureDaemon({
        paths,
        env: io.env as NodeJS.ProcessEnv,
        ...(io.env['DEVUP_DEVD'] !== undefined ? { devdPath: io.env['DEVUP_DEVD'] } : {}),
      }).catch((error: unknown) => {
        throw new CliError(error instanceof Error ? error.message : String(error), EXIT.daemonUnavailable);
      });
      const status = await client.daemonStatus();
      if (values.json === true) writeLine(io.stdout, JSON.stringify({ started, ...status }, null, 2));
      else
        writeLine(
          io.stdout,
          `${started ? 'started' : 'already running'}: devd pid ${status.pid}, socket ${status.socketPath}`,
        );
      return EXIT.ok;
    }
    case 'stop': {
      const pid = readPidFile(paths.pidFile);
      if (await probeSocket(paths.socketPath)) await client.stopDaemon().catch(() => undefined);
      else if (pid !== undefined && isProcessAlive(pid)) process.kill(pid, 'SIGTERM');
      else {
        writeLine(io.stdout, 'devd is not running');
        return EXIT.ok;
      }
      const deadline = Date.now() + 10_000;
      while (Date.now() < deadline) {
        if (!(await probeSocket(paths.socketPath)) && (pid === undefined || !isProcessAlive(pid))) {
          writeLine(io.stdout, `devd stopped${pid !== undefined ? ` (pid ${pid})` : ''}; containers keep running`);
          return EXIT.ok;
        }
        await wait(50);
      }
      throw new CliError(`devd (pid ${pid ?? '?'}) did not stop within 10 s`);
    }
    case 'status': {
      if (!(await probeSocket(paths.socketPath))) {
        if (values.json === true)
          writeLine(io.stdout, JSON.stringify({ running: false, socketPath: paths.socketPath }, null, 2));
        else writeLine(io.stdout, `devd is not running (socket ${paths.socketPath})`);
        return EXIT.failure;
      }
      const status = await client.daemonStatus();
      writeLine(
        io.stdout,
        values.json === true ? JSON.stringify({ running: true, ...status }, null, 2) : formatDaemonStatus(status),
      );
      return EXIT.ok;
    }
    case undefined:
    default:
      throw new UsageError('dev daemon: start, stop or status');
  }
};
