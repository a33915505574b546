// The shared body of dev stop / start / restart / build: the project, some services, one
// daemon call, one line per outcome. stop and restart take -t/--timeout N (seconds before
// the kill, instead of each service's stop_grace_period), restart --no-deps (not the
// services that restart with the named ones); build takes --no-cache and --pull (newer
// base images).

import { EXIT, writeLine } from '../cli-io.js';
import type { Command } from '../command.js';
import { connectDaemon } from '../daemon-connection.js';
import { parseCommandArgs, wholeNumberOption } from '../parse-command-args.js';
import { resolveProjectName } from '../project-name.js';
import { projectRefOf } from '../project-ref.js';
import { createPlainProgress, createTerminalProgress } from '../up-progress.js';

type Verb = 'stop' | 'start' | 'restart' | 'build';

const PAST: Record<Verb, string> = { stop: 'stopped', start: 'started', restart: 'restarted', build: 'built' };

// Each verb takes Compose's options of the same name, and only those it carries out.
const timeout = { timeout: { type: 'string', short: 't' } } as const;
const OPTIONS = {
  stop: timeout,
  restart: { ...timeout, 'no-deps': { type: 'boolean' } },
  start: {},
  build: { 'no-cache': { type: 'boolean' }, pull: { type: 'boolean' } },
} as const;

/** What the verb's options ask of the daemon, in the request's words. */
export const serviceRequestOptions = (
  verb: Verb,
  args: string[],
): { services: string[]; timeoutSeconds?: number; noDeps?: boolean; noCache?: boolean; pull?: boolean } => {
  const { values, positionals } = parseCommandArgs(verb, args, OPTIONS[verb]);
  const given = values as { timeout?: string; 'no-deps'?: boolean; 'no-cache'?: boolean; pull?: boolean };
  const timeoutSeconds = wholeNumberOption('timeout', given.timeout);
  return {
    services: positionals,
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    ...(given['no-deps'] === true ? { noDeps: true } : {}),
    ...(given['no-cache'] === true ? { noCache: true } : {}),
    ...(given.pull === true ? { pull: true } : {}),
  };
};

export const serviceCommand =
  (verb: Verb): Command =>
  async ({ globals, args, io }) => {
    const { services: positionals, ...options } = serviceRequestOptions(verb, args);
    const { client, paths } = await connectDaemon(io);
    const request = { ref: projectRefOf(globals, io), services: positionals, ...options };
    // Progress (build output above all) shows while the daemon works.
    const { openStream } = await import('@devup/daemon/client');
    const progress = io.stderr.isTTY === true ? createTerminalProgress(io) : createPlainProgress(io);
    const stream = openStream(
      { projectName: await resolveProjectName(request.ref, client), logs: false },
      { onMessage: (message) => message.type === 'activity' && progress.onActivity(message.activity) },
      { socketPath: paths.socketPath, maxAttempts: 3 },
    );
    await Promise.race([stream.ready, new Promise((resolve) => setTimeout(resolve, 2000))]).catch(() => undefined);
    let result;
    try {
      result = await client[verb](request);
    } finally {
      progress.finish();
      stream.close();
    }
    for (const failure of result.failed) writeLine(io.stderr, `${failure.serviceName}: ${failure.message}`);
    const what = positionals.length > 0 ? positionals.join(', ') : 'all services';
    writeLine(io.stderr, `${result.projectName}: ${what} ${PAST[verb]}`);
    return result.failed.length > 0 ? EXIT.failure : EXIT.ok;
  };
