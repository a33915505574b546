#!/usr/bin/env node
// `dev`: the CLI's entry point, and the only place that exits the process.
// The Node.js version is checked before anything that needs a newer Node.js is loaded:
// the only static import is the check itself, which imports nothing.

import { nodeVersionProblem } from './node-version.js';

const tooOld = nodeVersionProblem(process.version, process.execPath);
if (tooOld !== undefined) {
  process.stderr.write(`${tooOld}\n`);
  process.exit(1);
}

// Before anything else is loaded: later runs reuse V8's compiled code for every module.
const { enableCompileCache } = await import('node:module');
enableCompileCache();

// `dev config` may run from a one-module build of its code path (see load-cli.ts).
const { loadCli } = await import('./load-cli.js');
const { runCli, exit } = await loadCli(process.argv.slice(2));
const { tuiHooks } = await import('../cli/tui-hooks.js');

const interrupted = new Promise<void>((resolve) => {
  process.once('SIGINT', () => {
    resolve();
    // Commands that follow output return on their own; anything else stops here.
    setTimeout(() => process.exit(130), 2000).unref();
  });
});

const code = await runCli(
  process.argv.slice(2),
  {
    // Getters: Node makes each stream on first use, and `dev config` may not need them.
    get stdout() {
      return process.stdout;
    },
    get stderr() {
      return process.stderr;
    },
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    cwd: process.cwd(),
    interrupted,
  },
  tuiHooks,
);

// Exit once what was written has been flushed (pipes are asynchronous).
exit(code);
