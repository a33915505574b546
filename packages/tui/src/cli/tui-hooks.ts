// The terminal UI's entry points for the CLI. Each hook imports the UI lazily, so
// commands that do not show it never load ink or react.

import type { CliHooks } from './cli-hooks.js';

export const tuiHooks: CliHooks = {
  attachTui: async (context) => (await import('../ui/attach-tui.js')).attachTui(context),
  runTui: async (context) => (await import('../ui/attach-tui.js')).attachTui(context),
};
