// dev logs [-f] [--since T] [--tail N] [--timestamps|-t] [SERVICE...]: the log hub's
// history, and with -f the live lines after it (resuming after a dropped connection
// with no gap and no duplicate).

import type { LogLine } from '@devup/daemon/protocol';
import { EXIT, UsageError, colorEnabled, writeLine, type CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { connectDaemon } from '../daemon-connection.js';
import { formatLogLine, labelWidth, parseSince } from '../format-log-line.js';
import { parseCommandArgs, wholeNumberOption } from '../parse-command-args.js';
import { resolveProjectName } from '../project-name.js';
import { projectRefOf } from '../project-ref.js';

export interface FollowOptions {
  socketPath: string;
  projectName: string;
  services: string[];
  tail?: number;
  since?: string;
  timestamps: boolean;
  /** Only the text of each line (`--no-log-prefix`). */
  noLogPrefix?: boolean;
  io: CliIo;
}

/** Prints lines until interrupted; used by `dev logs -f` and by `dev up` when attached. */
export const followLogs = async (options: FollowOptions): Promise<number> => {
  const { openStream } = await import('@devup/daemon/client');
  const color = colorEnabled(options.io.stdout, options.io.env);
  let width = labelWidth(options.services);
  const sinceMs = options.since !== undefined ? Date.parse(options.since) : undefined;
  const print = (line: LogLine): void => {
    if (sinceMs !== undefined && Date.parse(line.time) < sinceMs) return;
    width = Math.max(width, `${line.serviceName}-${line.replica}`.length);
    writeLine(
      options.io.stdout,
      formatLogLine(line, { color, timestamps: options.timestamps, width, prefix: options.noLogPrefix !== true }),
    );
  };
  const stream = openStream(
    {
      projectName: options.projectName,
      services: options.services,
      logs: true,
      tail: options.tail ?? (options.since !== undefined ? 100_000 : 100_000),
    },
    {
      onMessage: (message) => {
        if (message.type === 'log') print(message.line);
        else if (message.type === 'logs-skipped')
          writeLine(
            options.io.stderr,
            `dev: output lines ${message.fromSeq}..${message.toSeq} were dropped (reader too slow)`,
          );
      },
    },
    { socketPath: options.socketPath },
  );
  await options.io.interrupted;
  stream.close();
  return EXIT.ok;
};

export const logsCommand: Command = async ({ globals, args, io }) => {
  const { values, positionals } = parseCommandArgs('logs', args, {
    follow: { type: 'boolean', short: 'f' },
    since: { type: 'string' },
    tail: { type: 'string', short: 'n' },
    timestamps: { type: 'boolean', short: 't' },
    'no-color': { type: 'boolean' },
    'no-log-prefix': { type: 'boolean' },
  });
  const tailText = values.tail === 'all' ? undefined : values.tail;
  const tail = wholeNumberOption('tail', tailText);
  const since = values.since !== undefined ? parseSince(values.since, new Date()) : undefined;
  if (values.since !== undefined && since === undefined)
    throw new UsageError(`--since: "${values.since}" is not a time or a duration like 10m`);
  const ioForOutput: CliIo = values['no-color'] === true ? { ...io, env: { ...io.env, NO_COLOR: '1' } } : io;
  const { client, paths } = await connectDaemon(io);
  const projectName = await resolveProjectName(projectRefOf(globals, io), client);
  if (values.follow === true) {
    return followLogs({
      socketPath: paths.socketPath,
      projectName,
      services: positionals,
      ...(tail !== undefined ? { tail } : {}),
      ...(since !== undefined ? { since } : {}),
      timestamps: values.timestamps === true,
      noLogPrefix: values['no-log-prefix'] === true,
      io: ioForOutput,
    });
  }
  const history = await client.logs(projectName, {
    services: positionals,
    ...(tail !== undefined ? { tail } : {}),
    ...(since !== undefined ? { since } : {}),
  });
  const color = colorEnabled(ioForOutput.stdout, ioForOutput.env);
  const width = labelWidth([...new Set(history.lines.map((line) => `${line.serviceName}`))]);
  for (const line of history.lines) {
    writeLine(
      io.stdout,
      formatLogLine(line, {
        color,
        timestamps: values.timestamps === true,
        width,
        prefix: values['no-log-prefix'] !== true,
      }),
    );
  }
  return EXIT.ok;
};
