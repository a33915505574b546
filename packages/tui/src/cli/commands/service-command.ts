// The shared body of dev stop / start / restart / build: the project, some services, one
// daemon call, one line per outcome.

import { EXIT, writeLine } from '../cli-io.js';
import type { Command } from '../command.js';
import { connectDaemon } from '../daemon-connection.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { projectRefOf } from '../project-ref.js';

type Verb = 'stop' | 'start' | 'restart' | 'build';

const PAST: Record<Verb, string> = { stop: 'stopped', start: 'started', restart: 'restarted', build: 'built' };

export const serviceCommand =
  (verb: Verb): Command =>
  async ({ globals, args, io }) => {
    const { positionals } = parseCommandArgs(verb, args, {
      timeout: { type: 'string', short: 't' },
      'no-cache': { type: 'boolean' },
      pull: { type: 'boolean' },
    });
    const { client } = await connectDaemon(io);
    const request = { ref: projectRefOf(globals, io), services: positionals };
    const result = await client[verb](request);
    for (const failure of result.failed) writeLine(io.stderr, `${failure.serviceName}: ${failure.message}`);
    const what = positionals.length > 0 ? positionals.join(', ') : 'all services';
    writeLine(io.stderr, `${result.projectName}: ${what} ${PAST[verb]}`);
    return result.failed.length > 0 ? EXIT.failure : EXIT.ok;
  };
