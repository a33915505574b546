// dev up [SERVICE...] [-d] [--wait] [--build] [--force-recreate] [--dry-run] [--no-watch]:
// the daemon loads the project and converges it; progress shows while it works; then the
// published URLs. Without -d, it stays attached (the UI on a terminal, else the logs).

import type { Activity, UpRequest } from '@devup/daemon/protocol';
import { CliError, EXIT, colorEnabled, writeLine } from '../cli-io.js';
import type { Command } from '../command.js';
import { connectDaemon } from '../daemon-connection.js';
import { parseCommandArgs, wholeNumberOption } from '../parse-command-args.js';
import { resolveProjectName } from '../project-name.js';
import { loadOptionsOf, projectRefOf } from '../project-ref.js';
import { createPlainProgress, createTerminalProgress } from '../up-progress.js';
import { waitForServices } from '../wait-for-services.js';
import { followLogs } from './logs-command.js';

export const upCommand: Command = async ({ globals, args, io, hooks }) => {
  const { values, positionals } = parseCommandArgs('up', args, {
    detach: { type: 'boolean', short: 'd' },
    wait: { type: 'boolean' },
    'wait-timeout': { type: 'string' },
    build: { type: 'boolean' },
    'force-recreate': { type: 'boolean' },
    'dry-run': { type: 'boolean' },
    'no-watch': { type: 'boolean' },
    'remove-orphans': { type: 'boolean' },
    'no-build': { type: 'boolean' },
  });
  const waitTimeoutSeconds = wholeNumberOption('wait-timeout', values['wait-timeout']) ?? 600;
  const ref = projectRefOf(globals, io);
  const request: UpRequest = {
    ref,
    services: positionals,
    build: values.build === true,
    forceRecreate: values['force-recreate'] === true,
    dryRun: values['dry-run'] === true,
    watch: values['no-watch'] !== true,
  };
  if (!request.dryRun) {
    const { checkBeforeUp, formatPreflightFailure, hasFailures } = await import('../../doctor/index.js');
    const preflight = await checkBeforeUp(loadOptionsOf(ref, positionals), io.env);
    if (hasFailures(preflight)) {
      io.stderr.write(
        formatPreflightFailure(preflight, {
          color: colorEnabled(io.stderr, io.env),
          unicode: io.env['TERM'] !== 'dumb',
        }),
      );
      return EXIT.failure;
    }
  }
  const { client, paths } = await connectDaemon(io);

  if (request.dryRun) {
    const planned = await client.plan(request);
    writeLine(
      io.stdout,
      planned.planText.trim() === ''
        ? `${planned.projectName}: nothing to do, the project is up to date`
        : planned.planText.trimEnd(),
    );
    return EXIT.ok;
  }

  const projectName = await resolveProjectName(ref, client);
  const progress = io.stderr.isTTY === true ? createTerminalProgress(io) : createPlainProgress(io);
  const { openStream } = await import('@devup/daemon/client');
  const stream = openStream(
    { projectName, logs: false },
    { onMessage: (message) => message.type === 'activity' && progress.onActivity(message.activity as Activity) },
    { socketPath: paths.socketPath, maxAttempts: 3 },
  );
  await Promise.race([stream.ready, new Promise((resolve) => setTimeout(resolve, 2000))]).catch(() => undefined);
  let result;
  try {
    result = await client.up(request);
  } finally {
    progress.finish();
    stream.close();
  }

  for (const failure of result.failed)
    writeLine(io.stderr, `dev: ${failure.serviceName ? `${failure.serviceName}: ` : ''}${failure.message}`);
  if (result.failed.length > 0) return EXIT.failure;

  if (values.wait === true) {
    const verdict = await waitForServices(client, result.projectName, positionals, waitTimeoutSeconds * 1000);
    if (verdict.kind === 'failed') throw new CliError(`dev up --wait: ${verdict.reason}`);
  }

  const status = await client.projectStatus(result.projectName).catch(() => result.status);
  const withPorts = status.services.filter((service) => service.ports.some((port) => port.url !== undefined));
  const width = Math.max(0, ...withPorts.map((service) => service.serviceName.length));
  for (const service of withPorts) {
    writeLine(
      io.stdout,
      `${service.serviceName.padEnd(width)}  ${service.ports.flatMap((port) => (port.url !== undefined ? [port.url] : [])).join('  ')}`,
    );
  }
  writeLine(io.stderr, `${result.projectName} is up${request.watch ? '' : ' (not watching)'}`);

  if (values.detach === true || values.wait === true) return EXIT.ok;
  const context = { client, socketPath: paths.socketPath, projectName: result.projectName, services: positionals, io };
  if (io.stdout.isTTY === true && hooks.attachTui !== undefined) return hooks.attachTui(context);
  return followLogs({
    socketPath: paths.socketPath,
    projectName: result.projectName,
    services: positionals,
    timestamps: false,
    io,
  });
};
