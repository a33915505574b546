// The terminal UI's entry points for the CLI. Each hook imports the UI lazily, so
// commands that do not show it never load ink or react.

import type { AttachContext, CliHooks } from './cli-hooks.js';

/**
 * ink draws only the last frame when it believes it runs under CI (a `CI` variable is set,
 * read once when ink is first imported). The UI is attached to a terminal here, so it is
 * interactive wherever it runs: say so before ink loads.
 */
function markInteractive(context: AttachContext): void {
  if (context.io.stdout.isTTY === true) process.env.CI = 'false';
}

export const tuiHooks: CliHooks = {
  attachTui: async (context) => {
    markInteractive(context);
    return (await import('../ui/attach-tui.js')).attachTui(context);
  },
  runTui: async (context) => {
    markInteractive(context);
    return (await import('../ui/attach-tui.js')).attachTui(context);
  },
};
