// The shape of a command: parsed global options and its own arguments in, exit code out.

import type { CliHooks } from './cli-hooks.js';
import type { CliIo } from './cli-io.js';
import type { GlobalOptions } from './global-options.js';

export interface CommandContext {
  globals: GlobalOptions;
  args: string[];
  io: CliIo;
  hooks: CliHooks;
}

export type Command = (context: CommandContext) => Promise<number>;
