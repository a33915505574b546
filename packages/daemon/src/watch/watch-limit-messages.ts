// What the watcher says when the system will not give it another watch: which limit,
// what happens meanwhile (rescans), and how to raise it.

import { readFileSync } from 'node:fs';

export function watchLimitMessage(root: string, watched?: number): string {
  const limit = readProcNumber('/proc/sys/fs/inotify/max_user_watches');
  return (
    `cannot watch every folder of ${root}: the system limit on file watches (fs.inotify.max_user_watches` +
    `${limit === undefined ? '' : ` = ${limit}`}) is reached` +
    `${watched === undefined ? '' : ` after ${watched} folder watches`}; ` +
    `changes in the folders not watched are picked up by rescanning every few seconds instead. ` +
    `Raise it with: sudo sysctl fs.inotify.max_user_watches=524288 ` +
    `(and add "fs.inotify.max_user_watches=524288" to /etc/sysctl.d/99-inotify.conf to keep it)`
  );
}

/** EMFILE: the process ran out of file descriptors (or inotify instances), not of watches. */
export function openFilesLimitMessage(root: string): string {
  return (
    `cannot watch every folder of ${root}: too many open files (the process's open-file limit, ` +
    `ulimit -n, or fs.inotify.max_user_instances is reached); changes in the folders not watched are ` +
    `picked up by rescanning every few seconds instead. Raise the limit (e.g. ulimit -n 65536 before ` +
    `starting devd, or sudo sysctl fs.inotify.max_user_instances=1024)`
  );
}

export function readProcNumber(path: string): number | undefined {
  try {
    return Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
  } catch {
    return undefined;
  }
}
