// dev down [--volumes|-v] [--timeout|-t N] [--remove-orphans]: stops and removes the
// project's containers and networks; named volumes only with --volumes. Watching stops
// too. As Compose: containers of services no longer in the config stay (with the networks
// and volumes they may use) unless --remove-orphans.

import { EXIT, writeLine } from '../cli-io.js';
import type { Command } from '../command.js';
import { connectDaemon } from '../daemon-connection.js';
import { parseCommandArgs, wholeNumberOption } from '../parse-command-args.js';
import { orphanWarning, removeOrphansWanted } from '../orphans.js';
import { projectRefOf } from '../project-ref.js';

export const downCommand: Command = async ({ globals, args, io }) => {
  const { values } = parseCommandArgs('down', args, {
    volumes: { type: 'boolean', short: 'v' },
    timeout: { type: 'string', short: 't' },
    'remove-orphans': { type: 'boolean' },
  });
  const timeoutSeconds = wholeNumberOption('timeout', values.timeout);
  const { client } = await connectDaemon(io);
  const result = await client.down({
    ref: projectRefOf(globals, io),
    volumes: values.volumes === true,
    ...(timeoutSeconds !== undefined ? { timeoutSeconds } : {}),
    ...(removeOrphansWanted(values['remove-orphans'], io.env) ? { removeOrphans: true } : {}),
  });
  const orphans = orphanWarning('down', result.orphans, io.env);
  if (orphans !== undefined) writeLine(io.stderr, orphans);
  writeLine(io.stderr, `project ${result.projectName} is down${values.volumes === true ? ' (volumes removed)' : ''}`);
  return result.failed.length > 0 ? EXIT.failure : EXIT.ok;
};
