// dev watch [SERVICE...]: for Compose habits. Brings the project up with watching on (as
// `docker compose watch` does) and follows what the watcher does until Ctrl-C. Watching
// itself lives in devd and goes on after this command ends.

import { EXIT, colorEnabled, writeLine } from '../cli-io.js';
import type { Command } from '../command.js';
import { connectDaemon } from '../daemon-connection.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { projectRefOf } from '../project-ref.js';
import { colorize } from '../service-colors.js';

export const watchCommand: Command = async ({ globals, args, io }) => {
  const { positionals } = parseCommandArgs('watch', args, {});
  const { client, paths } = await connectDaemon(io);
  const result = await client.up({
    ref: projectRefOf(globals, io),
    services: positionals,
    build: false,
    forceRecreate: false,
    dryRun: false,
    watch: true,
  });
  for (const failure of result.failed)
    writeLine(io.stderr, `dev: ${failure.serviceName ? `${failure.serviceName}: ` : ''}${failure.message}`);
  const watched = result.status.services
    .filter((service) => service.watch.kind !== 'off')
    .map((service) => service.serviceName);
  writeLine(
    io.stderr,
    watched.length > 0
      ? `watching ${watched.join(', ')} (Ctrl-C stops following; devd keeps watching)`
      : `${result.projectName}: no service has watch rules`,
  );
  const color = colorEnabled(io.stdout, io.env);
  const { openStream } = await import('@devup/daemon/client');
  const stream = openStream(
    { projectName: result.projectName, logs: false },
    {
      onMessage: (message) => {
        if (message.type !== 'activity' || (message.activity.kind !== 'watch' && message.activity.kind !== 'error'))
          return;
        const { serviceName, text } = message.activity;
        const named = serviceName === undefined || text.startsWith(`${serviceName}:`);
        writeLine(io.stdout, named ? text : `${colorize(serviceName, serviceName, color)}: ${text}`);
      },
    },
    { socketPath: paths.socketPath },
  );
  await io.interrupted;
  stream.close();
  return result.failed.length > 0 ? EXIT.failure : EXIT.ok;
};
