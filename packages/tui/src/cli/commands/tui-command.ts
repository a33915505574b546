// dev tui: the terminal UI for the project, when this build has one.

import { CliError, EXIT } from '../cli-io.js';
import type { Command } from '../command.js';
import { connectDaemon } from '../daemon-connection.js';
import { parseCommandArgs } from '../parse-command-args.js';
import { resolveProjectName } from '../project-name.js';
import { projectRefOf } from '../project-ref.js';

export const tuiCommand: Command = async ({ globals, args, io, hooks }) => {
  const { positionals } = parseCommandArgs('tui', args, {});
  if (hooks.runTui === undefined) throw new CliError('the terminal UI is not available in this build', EXIT.failure);
  const { client, paths } = await connectDaemon(io);
  const ref = projectRefOf(globals, io);
  const projectName = await resolveProjectName(ref, client);
  return hooks.runTui({ client, socketPath: paths.socketPath, projectName, services: positionals, io, ref });
};
