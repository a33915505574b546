// Starts devd on demand: when nothing answers on the socket, spawns it detached (it
// outlives the CLI) and waits until it answers. Two CLIs racing both spawn; the daemon
// lock lets one devd win and both CLIs then talk to it.

import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { probeSocket } from '../state/daemon-lock.js';
import type { RuntimePaths } from '../state/runtime-paths.js';

export interface EnsureDaemonOptions {
  paths: RuntimePaths;
  env?: NodeJS.ProcessEnv;
  /** Path of the devd entry script; the built one next to this module by default. */
  devdPath?: string;
  timeoutMs?: number;
}

export const defaultDevdPath = (): string => fileURLToPath(new URL('../bin/devd.js', import.meta.url));

const wait = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Spawns devd detached, its output appended to devd.out in the data directory. Returns its pid. */
export const spawnDaemon = (options: EnsureDaemonOptions): number | undefined => {
  mkdirSync(options.paths.dataDir, { recursive: true, mode: 0o700 });
  const outFd = openSync(join(options.paths.dataDir, 'devd.out'), 'a', 0o600);
  try {
    const child = spawn(process.execPath, [options.devdPath ?? defaultDevdPath()], {
      detached: true,
      stdio: ['ignore', outFd, outFd],
      env: options.env ?? process.env,
    });
    child.unref();
    return child.pid;
  } finally {
    closeSync(outFd);
  }
};

/** Resolves `{ started }` once devd answers on its socket; rejects when it does not come up in time. */
export const ensureDaemon = async (options: EnsureDaemonOptions): Promise<{ started: boolean }> => {
  if (await probeSocket(options.paths.socketPath)) return { started: false };
  spawnDaemon(options);
  const deadline = Date.now() + (options.timeoutMs ?? 10_000);
  let delay = 20;
  while (Date.now() < deadline) {
    if (await probeSocket(options.paths.socketPath)) return { started: true };
    await wait(delay);
    delay = Math.min(delay * 2, 200);
  }
  throw new Error(
    `devd did not start within ${Math.round((options.timeoutMs ?? 10_000) / 1000)} s; see ${join(options.paths.dataDir, 'devd.out')} and ${options.paths.logFile}`,
  );
};
