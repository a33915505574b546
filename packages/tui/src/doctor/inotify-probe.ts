// The OS file-watch limits (Linux inotify) and how much of them this user's processes already use.
//
// Testing hook: DEVUP_INOTIFY_SYSCTL_DIR names a folder read instead of /proc/sys/fs/inotify
// (it holds `max_user_watches` and `max_user_instances` files), so tests can simulate a low
// limit without changing the machine's sysctl.
import { readFile, readdir, readlink, stat } from 'node:fs/promises';
import { join } from 'node:path';

export const inotifySysctlDirVariable = 'DEVUP_INOTIFY_SYSCTL_DIR';
export const defaultInotifySysctlDir = '/proc/sys/fs/inotify';

export interface InotifyLimits {
  /** Where the limits were read. */
  source: string;
  maxUserWatches: number;
  maxUserInstances?: number;
  /** Watches held by this user's processes now; undefined when they cannot be counted. */
  watchesInUse?: number;
  instancesInUse?: number;
}

export type InotifyProbe = () => Promise<InotifyLimits | undefined>;

const readNumber = async (path: string): Promise<number | undefined> => {
  try {
    const value = Number((await readFile(path, 'utf8')).trim());
    return Number.isFinite(value) ? value : undefined;
  } catch {
    return undefined;
  }
};

interface InotifyUsage {
  watches: number;
  instances: number;
}

/** Counts inotify instances and their watches across the processes of one user. */
export const countInotifyUsage = async (procRoot: string, uid: number): Promise<InotifyUsage | undefined> => {
  let pids: string[];
  try {
    pids = (await readdir(procRoot)).filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const usage: InotifyUsage = { watches: 0, instances: 0 };
  for (const pid of pids) {
    try {
      if ((await stat(join(procRoot, pid))).uid !== uid) continue;
      const fds = await readdir(join(procRoot, pid, 'fd'));
      for (const fd of fds) {
        const target = await readlink(join(procRoot, pid, 'fd', fd)).catch(() => '');
        if (target !== 'anon_inode:inotify') continue;
        usage.instances += 1;
        const fdinfo = await readFile(join(procRoot, pid, 'fdinfo', fd), 'utf8').catch(() => '');
        usage.watches += fdinfo.split('\n').filter((line) => line.startsWith('inotify wd:')).length;
      }
    } catch {
      // The process ended or is not ours to read.
    }
  }
  return usage;
};

export const createInotifyProbe =
  (env: Readonly<Record<string, string | undefined>>, procRoot = '/proc'): InotifyProbe =>
  async () => {
    const sysctlDir = env[inotifySysctlDirVariable] ?? defaultInotifySysctlDir;
    const maxUserWatches = await readNumber(join(sysctlDir, 'max_user_watches'));
    if (maxUserWatches === undefined) return undefined;
    const maxUserInstances = await readNumber(join(sysctlDir, 'max_user_instances'));
    const usage = process.getuid === undefined ? undefined : await countInotifyUsage(procRoot, process.getuid());
    return {
      source: sysctlDir,
      maxUserWatches,
      ...(maxUserInstances === undefined ? {} : { maxUserInstances }),
      ...(usage === undefined ? {} : { watchesInUse: usage.watches, instancesInUse: usage.instances }),
    };
  };
