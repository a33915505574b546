// After devd binds its unix socket: the socket is made 0600 and both it and its
// directory are checked to be the user's own and private. Anything else stops the start
// with a message that says what to fix.

import { chmodSync, lstatSync } from 'node:fs';
import { dirname } from 'node:path';

export class SocketModeError extends Error {
  override readonly name = 'SocketModeError';
}

export interface SocketCheck {
  /** The socket's mode before it was set to 0600. */
  previousMode: number;
}

const ownedByUser = (uid: number, path: string, what: string): void => {
  const current = process.getuid?.();
  if (current !== undefined && uid !== current) {
    throw new SocketModeError(
      `${what} ${path} belongs to uid ${uid}, not to you (uid ${current}); remove it or set XDG_RUNTIME_DIR`,
    );
  }
};

export const secureUnixSocket = (socketPath: string): SocketCheck => {
  const dirPath = dirname(socketPath);
  const dir = lstatSync(dirPath);
  if (!dir.isDirectory()) throw new SocketModeError(`${dirPath} is not a directory`);
  ownedByUser(dir.uid, dirPath, 'the run directory');
  if ((dir.mode & 0o077) !== 0) {
    throw new SocketModeError(
      `the run directory ${dirPath} has mode ${(dir.mode & 0o777).toString(8)}; it must be 0700 (chmod 700 ${dirPath})`,
    );
  }
  const before = lstatSync(socketPath);
  if (!before.isSocket()) throw new SocketModeError(`${socketPath} is not a socket`);
  ownedByUser(before.uid, socketPath, 'the socket');
  chmodSync(socketPath, 0o600);
  const after = lstatSync(socketPath);
  if ((after.mode & 0o777) !== 0o600) {
    throw new SocketModeError(
      `the socket ${socketPath} has mode ${(after.mode & 0o777).toString(8)} and could not be set to 0600`,
    );
  }
  return { previousMode: before.mode & 0o777 };
};
