// The bearer token for the TCP listener, kept in a 0600 file in the private run
// directory. Created once (exclusive create, random 32 bytes); a file with a looser mode
// is tightened when it is ours and refused when it is not.

import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, lstatSync, openSync, readFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export class TokenFileError extends Error {
  override readonly name = 'TokenFileError';
}

export const tokenFilePath = (runDir: string): string => join(runDir, 'devd.token');

export interface TokenFileResult {
  token: string;
  created: boolean;
  /** The mode the file had before it was tightened to 0600. */
  fixedMode?: number;
}

const createTokenFile = (filePath: string): string => {
  const token = randomBytes(32).toString('hex');
  const fd = openSync(filePath, 'wx', 0o600);
  try {
    writeSync(fd, `${token}\n`);
  } finally {
    closeSync(fd);
  }
  return token;
};

export const ensureTokenFile = (filePath: string): TokenFileResult => {
  let stats;
  try {
    stats = lstatSync(filePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    return { token: createTokenFile(filePath), created: true };
  }
  if (!stats.isFile()) throw new TokenFileError(`${filePath} is not a regular file; remove it and start devd again`);
  const uid = process.getuid?.();
  if (uid !== undefined && stats.uid !== uid)
    throw new TokenFileError(`${filePath} belongs to uid ${stats.uid}, not to you (uid ${uid}); remove it`);
  const mode = stats.mode & 0o777;
  if (mode !== 0o600) chmodSync(filePath, 0o600);
  const token = readFileSync(filePath, 'utf8').trim();
  if (!/^[\x21-\x7e]{16,}$/.test(token))
    throw new TokenFileError(
      `${filePath} does not hold a token (16 or more visible characters); remove it and a new one is made`,
    );
  return { token, created: false, ...(mode !== 0o600 ? { fixedMode: mode } : {}) };
};
