// The CLI's hook into the terminal UI (`dev tui`, and `dev up` on a terminal).

import type { ProjectRef } from '@devup/daemon/protocol';
import type { AttachContext } from '../cli/cli-hooks.js';
import { CliError, EXIT } from '../cli/cli-io.js';
import { createDaemonConnection } from './daemon-connection.js';
import { runTui } from './run-tui.js';

export interface AttachTuiContext extends AttachContext {
  /** How the CLI loads the project; the working directory's project when absent. */
  ref?: ProjectRef;
}

/** The project as a command run in the working directory would load it. */
function workingDirectoryRef(context: AttachContext): ProjectRef {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(context.io.env)) if (value !== undefined) env[name] = value;
  return { cwd: context.io.cwd, files: [], envFiles: [], profiles: [], projectName: context.projectName, env };
}

/** Shows the UI until the user quits (or the CLI is interrupted); the environment keeps running. */
export async function attachTui(context: AttachTuiContext): Promise<number> {
  if (context.io.stdin.isTTY !== true || context.io.stdout.isTTY !== true) {
    throw new CliError('the terminal UI needs a terminal; for plain output use `dev logs -f` and `dev ps`', EXIT.usage);
  }
  const connection = createDaemonConnection({
    client: context.client,
    projectName: context.projectName,
    ref: context.ref ?? workingDirectoryRef(context),
  });
  await runTui({
    connection,
    projectName: context.projectName,
    ...(context.services.length === 1 ? { focusService: context.services[0] } : {}),
    stdout: context.io.stdout as NodeJS.WriteStream,
    stdin: context.io.stdin as NodeJS.ReadStream,
    env: context.io.env,
    until: context.io.interrupted,
  });
  return 0;
}
