// One devd per user: a pid file created exclusively, plus a probe of the socket. A pid
// file whose process is gone, or whose socket does not answer, is stale and replaced.

import { closeSync, openSync, readFileSync, rmSync, writeSync, fsyncSync } from 'node:fs';
import { connect } from 'node:net';

export type LockResult = { kind: 'acquired'; release: () => void } | { kind: 'held'; pid: number };

export const isProcessAlive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** Resolves true when something accepts connections on the unix socket. */
export const probeSocket = (socketPath: string, timeoutMs = 1000): Promise<boolean> =>
  new Promise((resolve) => {
    const socket = connect({ path: socketPath });
    const done = (answer: boolean): void => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });

export const readPidFile = (pidFile: string): number | undefined => {
  try {
    const pid = Number.parseInt(readFileSync(pidFile, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
};

const looksLikeDaemon = (pid: number): boolean => {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('devd');
  } catch {
    return true;
  }
};

const tryCreate = (pidFile: string, pid: number): boolean => {
  try {
    const fd = openSync(pidFile, 'wx', 0o600);
    writeSync(fd, `${pid}\n`);
    fsyncSync(fd);
    closeSync(fd);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
};

/**
 * Takes the daemon lock for `pid`. When another live daemon holds it (its process
 * exists and its socket answers, or it is still starting), reports who holds it.
 */
export const acquireDaemonLock = async (
  pidFile: string,
  socketPath: string,
  pid: number = process.pid,
): Promise<LockResult> => {
  for (let attempt = 0; attempt < 3; attempt += 1) {
    if (tryCreate(pidFile, pid)) {
      return {
        kind: 'acquired',
        release: () => {
          if (readPidFile(pidFile) === pid) rmSync(pidFile, { force: true });
        },
      };
    }
    const holder = readPidFile(pidFile);
    if (holder === pid) return { kind: 'held', pid: holder };
    if (holder !== undefined && isProcessAlive(holder)) {
      // A live process holds it when it serves the socket, or is a devd still starting
      // (a pid reused by an unrelated process does not count).
      if ((await probeSocket(socketPath)) || looksLikeDaemon(holder)) return { kind: 'held', pid: holder };
    }
    rmSync(pidFile, { force: true });
  }
  const holder = readPidFile(pidFile);
  return { kind: 'held', pid: holder ?? 0 };
};
