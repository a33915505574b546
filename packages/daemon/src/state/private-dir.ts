// The run directory must be private to the user (0700). A directory we own with a
// looser mode is tightened; one owned by someone else is refused.

import { chmodSync, mkdirSync, statSync } from 'node:fs';

export type PrivateDirOutcome = { kind: 'created' } | { kind: 'ok' } | { kind: 'fixed'; previousMode: number };

export class PrivateDirError extends Error {
  override readonly name = 'PrivateDirError';
}

export const ensurePrivateDir = (dirPath: string): PrivateDirOutcome => {
  let created = false;
  try {
    statSync(dirPath);
  } catch {
    mkdirSync(dirPath, { recursive: true, mode: 0o700 });
    created = true;
  }
  const stats = statSync(dirPath);
  if (!stats.isDirectory()) throw new PrivateDirError(`${dirPath} exists and is not a directory; remove it and retry`);
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid) {
    throw new PrivateDirError(
      `${dirPath} belongs to uid ${stats.uid}, not to you (uid ${uid}); remove it or set XDG_RUNTIME_DIR`,
    );
  }
  const mode = stats.mode & 0o777;
  if (mode !== 0o700) {
    chmodSync(dirPath, 0o700);
    return created ? { kind: 'created' } : { kind: 'fixed', previousMode: mode };
  }
  return created ? { kind: 'created' } : { kind: 'ok' };
};
