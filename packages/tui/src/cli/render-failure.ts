// Failures at the CLI's edge: config issues through formatIssues, API errors by their
// code, an unreachable daemon with where to look. A broken invariant keeps its stack.

import type { DaemonRequestError, DaemonUnavailableError } from '@devup/daemon/client';
import { CliError, EXIT, colorEnabled, type CliIo, writeLine } from './cli-io.js';

export const renderConfigIssues = async (
  issues: Parameters<typeof import('@devup/schema').formatIssues>[0],
  io: CliIo,
): Promise<void> => {
  const { formatIssues } = await import('@devup/schema');
  io.stderr.write(formatIssues(issues, { color: colorEnabled(io.stderr, io.env) }).replace(/\n?$/, '\n'));
};

export const renderFailure = async (error: unknown, io: CliIo): Promise<number> => {
  if (error instanceof CliError) {
    writeLine(io.stderr, `dev: ${error.message}`);
    return error.exitCode;
  }
  if (error instanceof Error && error.name === 'DaemonRequestError') {
    const request = error as DaemonRequestError;
    if (request.code === 'DEV_ERR_CONFIG' && request.issues !== undefined && request.issues.length > 0) {
      await renderConfigIssues(request.issues, io);
      writeLine(io.stderr, `dev: ${request.message}; nothing was changed`);
      return EXIT.failure;
    }
    writeLine(io.stderr, `dev: ${request.message}${request.code === 'DEV_ERR_INTERNAL' ? '' : ` (${request.code})`}`);
    return EXIT.failure;
  }
  if (error instanceof Error && error.name === 'DaemonUnavailableError') {
    writeLine(io.stderr, `dev: ${(error as DaemonUnavailableError).message}`);
    writeLine(io.stderr, '      start it with `dev daemon start`, or see `dev daemon status`');
    return EXIT.daemonUnavailable;
  }
  io.stderr.write(
    `dev: unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  return EXIT.failure;
};
