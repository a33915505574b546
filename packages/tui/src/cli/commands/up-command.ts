// dev up [SERVICE...] [-d] [--wait] [--build|--no-build] [--pull POLICY] [--force-recreate]
// [--remove-orphans] [-t N] [--dry-run] [--no-watch]: the daemon loads the project and converges
// it; progress shows while it works; then the published URLs. Without -d, it stays
// attached (the UI on a terminal, else the logs).

import { type DaemonClient, DaemonRequestError } from '@devup/daemon/client';
import type { Activity, ProjectRef, UpRequest, UpResponse } from '@devup/daemon/protocol';
import { CliError, EXIT, type CliIo, UsageError, colorEnabled, writeLine } from '../cli-io.js';
import type { Command } from '../command.js';
import { connectDaemon } from '../daemon-connection.js';
import { parseCommandArgs, wholeNumberOption } from '../parse-command-args.js';
import { orphanWarning, removeOrphansWanted } from '../orphans.js';
import { loadOptionsOf, projectRefOf } from '../project-ref.js';

const PULL_POLICIES = ['always', 'missing', 'never', 'build'] as const;

/** --pull: Compose's policies; "policy" (its default) leaves each service's pull_policy in force. */
export const pullPolicyOption = (value: string | undefined): UpRequest['pull'] => {
  if (value === undefined || value === 'policy') return undefined;
  const policy = PULL_POLICIES.find((known) => known === value);
  if (policy === undefined)
    throw new UsageError(`dev up: --pull must be always, missing, never, build or policy, got "${value}"`);
  return policy;
};

/** Free host ports and set required variables, as the doctor checks them; false after printing why not. */
const passesPreflight = async (ref: ProjectRef, services: string[], io: CliIo): Promise<boolean> => {
  const { checkBeforeUp, formatPreflightFailure, hasFailures } = await import('../../doctor/index.js');
  const preflight = await checkBeforeUp(loadOptionsOf(ref, services), io.env);
  if (!hasFailures(preflight)) return true;
  io.stderr.write(
    formatPreflightFailure(preflight, { color: colorEnabled(io.stderr, io.env), unicode: io.env['TERM'] !== 'dumb' }),
  );
  return false;
};

/** `up` with the daemon's activity shown as progress while it runs. */
const upWithProgress = async (
  client: DaemonClient,
  socketPath: string,
  projectName: string,
  request: UpRequest,
  io: CliIo,
): Promise<UpResponse> => {
  const { createPlainProgress, createTerminalProgress } = await import('../up-progress.js');
  const { openStream } = await import('@devup/daemon/client');
  const progress = io.stderr.isTTY === true ? createTerminalProgress(io) : createPlainProgress(io);
  const stream = openStream(
    { projectName, logs: false },
    { onMessage: (message) => message.type === 'activity' && progress.onActivity(message.activity as Activity) },
    { socketPath, maxAttempts: 3 },
  );
  await Promise.race([stream.ready, new Promise((resolve) => setTimeout(resolve, 2000))]).catch(() => undefined);
  try {
    return await client.up(request);
  } finally {
    progress.finish();
    stream.close();
  }
};

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
    pull: { type: 'string' },
    timeout: { type: 'string', short: 't' },
  });
  const timeoutSeconds = wholeNumberOption('timeout', values.timeout);
  if (values.build === true && values['no-build'] === true)
    throw new UsageError('dev up: --build and --no-build are incompatible');
  const pull = pullPolicyOption(values.pull);
  const waitTimeoutSeconds = wholeNumberOption('wait-timeout', values['wait-timeout']) ?? 600;
  const ref = projectRefOf(globals, io);
  const request: UpRequest = {
    ref,
    services: positionals,
    build: values.build === true,
    forceRecreate: values['force-recreate'] === true,
    dryRun: values['dry-run'] === true,
    watch: values['no-watch'] !== true,
    ...(removeOrphansWanted(values['remove-orphans'], io.env) ? { removeOrphans: true } : {}),
    ...(values['no-build'] === true ? { noBuild: true } : {}),
    ...(pull !== undefined ? { pull } : {}),
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
  };
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

  // One round trip when the project is up to date: the daemon loads and plans it, and only
  // when something would change does the CLI run its pre-flight checks and show progress.
  let result: UpResponse;
  try {
    result = await client.up({ ...request, deferUnlessUpToDate: true });
  } catch (error) {
    // Unset required variables: the doctor's message says which and where to set them.
    if (
      error instanceof DaemonRequestError &&
      error.code === 'DEV_ERR_CONFIG' &&
      !(await passesPreflight(ref, positionals, io))
    )
      return EXIT.failure;
    throw error;
  }
  if (result.deferred === true) {
    if (!(await passesPreflight(ref, positionals, io))) return EXIT.failure;
    result = await upWithProgress(client, paths.socketPath, result.projectName, request, io);
  }

  const orphans = orphanWarning('up', result.orphans, io.env);
  if (orphans !== undefined) writeLine(io.stderr, orphans);
  for (const failure of result.failed)
    writeLine(io.stderr, `dev: ${failure.serviceName ? `${failure.serviceName}: ` : ''}${failure.message}`);
  if (result.failed.length > 0) return EXIT.failure;

  if (values.wait === true) {
    const { waitForServices } = await import('../wait-for-services.js');
    const verdict = await waitForServices(client, result.projectName, positionals, waitTimeoutSeconds * 1000);
    if (verdict.kind === 'failed') throw new CliError(`dev up --wait: ${verdict.reason}`);
  }

  const status =
    values.wait === true ? await client.projectStatus(result.projectName).catch(() => result.status) : result.status;
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
  const context = {
    client,
    socketPath: paths.socketPath,
    projectName: result.projectName,
    services: positionals,
    io,
    ref,
  };
  if (io.stdout.isTTY === true && hooks.attachTui !== undefined) return hooks.attachTui(context);
  const { followLogs } = await import('./logs-command.js');
  return followLogs({
    socketPath: paths.socketPath,
    projectName: result.projectName,
    services: positionals,
    timestamps: false,
    io,
  });
};
