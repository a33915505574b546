// dev daemon start|stop|status [--json]: manage the per-user devd.

import {
  buildIdFor,
  DaemonClient,
  defaultDevdPath,
  isProcessAlive,
  probeSocket,
  readPidFile,
  resolveRuntimePaths,
} from '@devup/daemon/client';
import type { DaemonStatus } from '@devup/daemon/protocol';
import { CliError, EXIT, UsageError, writeLine } from '../cli-io.js';
import type { Command } from '../command.js';
import { connectDaemon, stopDaemonAndWait } from '../daemon-connection.js';
import { parseCommandArgs } from '../parse-command-args.js';

const formatLogPlane = ({ pid, restarts }: NonNullable<DaemonStatus['logPlane']>): string => {
  const again = restarts === 0 ? '' : `, restarted ${restarts} time${restarts === 1 ? '' : 's'}`;
  return `kept by the log plane process (${pid === 0 ? 'being started' : `pid ${pid}`}${again})`;
};

/** `cliBuildId`: this dev's build, to say when devd runs another one. */
export const formatDaemonStatus = (status: DaemonStatus, cliBuildId?: string): string =>
  [
    `devd ${status.version} running (pid ${status.pid})`,
    `socket   ${status.socketPath}`,
    `build    ${status.buildId ?? 'unknown (an older devd)'}${cliBuildId !== undefined && status.buildId !== cliBuildId ? ` (this dev is build ${cliBuildId}; the next command restarts devd when it is idle)` : ''}`,
    ...(status.logPlane !== undefined ? [`logs     ${formatLogPlane(status.logPlane)}`] : []),
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
      // A devd of another build is restarted when idle, as for any command.
      const { started } = await connectDaemon(io);
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
      if (!(await probeSocket(paths.socketPath)) && (pid === undefined || !isProcessAlive(pid))) {
        writeLine(io.stdout, 'devd is not running');
        return EXIT.ok;
      }
      if (await stopDaemonAndWait(paths, 10_000)) {
        writeLine(io.stdout, `devd stopped${pid !== undefined ? ` (pid ${pid})` : ''}; containers keep running`);
        return EXIT.ok;
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
        values.json === true
          ? JSON.stringify({ running: true, ...status }, null, 2)
          : formatDaemonStatus(status, buildIdFor(io.env['DEVUP_DEVD'] ?? defaultDevdPath(), io.env)),
      );
      return EXIT.ok;
    }
    case undefined:
    default:
      throw new UsageError('dev daemon: start, stop or status');
  }
};
