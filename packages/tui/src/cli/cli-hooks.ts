// Places where the terminal UI plugs into the CLI. `dev up` on a terminal calls
// `attachTui` once the stack is up; `dev tui` calls `runTui`. Without them, `dev up`
// follows the logs and `dev tui` says the UI is not available.

import type { DaemonClient } from '@devup/daemon/client';
import type { ProjectRef } from '@devup/daemon/protocol';
import type { CliIo } from './cli-io.js';

export interface AttachContext {
  client: DaemonClient;
  socketPath: string;
  projectName: string;
  /** The services `dev up` was given; empty for all. */
  services: string[];
  io: CliIo;
  /** How the CLI loads the project (-f, --env-file, --profile ...): commands from the UI load it the same way. */
  ref?: ProjectRef;
}

export interface CliHooks {
  /** Shows the interactive UI for a project until the user quits; resolves with an exit code. */
  attachTui?: (context: AttachContext) => Promise<number>;
  /** `dev tui`. */
  runTui?: (context: AttachContext) => Promise<number>;
}
