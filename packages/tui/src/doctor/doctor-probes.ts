// The real probes: the engine over HTTP, statfs, procfs, binding sockets, the file system.
import { readFile } from 'node:fs/promises';
import { statDiskSpace } from './disk-probe.js';
import type { DaemonProbe } from './daemon-check.js';
import { createDaemonProbe } from './daemon-probe.js';
import { createEngineProbe } from './engine-probe.js';
import { createInotifyProbe } from './inotify-probe.js';
import type { LoadProjectFn } from './load-outcome.js';
import { tryBind } from './port-bind-probe.js';
import { findPortHolders } from './proc-sockets.js';
import type { DoctorProbes } from './run-doctor.js';
import { countWatchedFolders } from './watch-tree-count.js';

export interface RealProbeParts {
  /** The config loader (@devup/schema's loadProject). */
  loadProject?: LoadProjectFn;
  /** Asks devd how it is; by default over its socket. */
  daemon?: DaemonProbe;
}

export const readTextOrUndefined = async (path: string): Promise<string | undefined> =>
  readFile(path, 'utf8').catch(() => undefined);

export const createDoctorProbes = (
  env: Readonly<Record<string, string | undefined>>,
  parts: RealProbeParts = {},
): DoctorProbes => ({
  engine: createEngineProbe(env),
  daemon: parts.daemon ?? createDaemonProbe(env),
  disk: statDiskSpace,
  inotify: createInotifyProbe(env),
  tryBind,
  findHolders: (hostPort, protocol) => findPortHolders(hostPort, protocol),
  readText: readTextOrUndefined,
  countWatchedFolders: (roots) => countWatchedFolders(roots),
  ...(parts.loadProject === undefined ? {} : { loadProject: parts.loadProject }),
  platform: process.platform,
});
