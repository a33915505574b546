// Path safety for syncing host files into a container: every name written into a
// container is a clean relative path below the rule's target, and no host file is read
// through a symlink that leads out of the watched folder.

import { lstat, readlink, realpath } from 'node:fs/promises';
import { isAbsolute, posix, relative, sep } from 'node:path';

/** Why a path cannot be synced, in words for the activity stream. */
export class UnsafePathError extends Error {
  constructor(
    readonly path: string,
    reason: string,
  ) {
    super(`refusing to sync ${path}: ${reason}`);
    this.name = 'UnsafePathError';
  }
}

/**
 * Returns the relative path of `hostPath` below `root` in POSIX form, or undefined when
 * `hostPath` is not inside `root` (the root itself gives "").
 */
export function relativeInside(root: string, hostPath: string): string | undefined {
  const rel = relative(root, hostPath);
  if (rel === '') return '';
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return undefined;
  return sep === '/' ? rel : rel.split(sep).join('/');
}

/**
 * Checks a relative name destined for a container: non-empty segments, no `..`, not
 * absolute, no NUL or newline (the delete channel is line based). Returns it normalized.
 */
export function checkRelativeName(name: string): string {
  if (name.includes('\0') || name.includes('\n') || name.includes('\r')) {
    throw new UnsafePathError(JSON.stringify(name), 'the name contains a control character');
  }
  if (name.startsWith('/') || /^[A-Za-z]:[\\/]/.test(name)) throw new UnsafePathError(name, 'the name is absolute');
  const segments = name.split('/');
  if (segments.some((segment) => segment === '..')) throw new UnsafePathError(name, 'the name leaves the target');
  const clean = segments.filter((segment) => segment !== '' && segment !== '.').join('/');
  return clean;
}

/**
 * Joins a container target (absolute POSIX path) with a checked relative name and
 * verifies the result stays at or below the target.
 */
export function containerPathFor(target: string, relativeName: string): string {
  if (!target.startsWith('/')) throw new UnsafePathError(target, 'the container target must be absolute');
  const cleanTarget = posix.normalize(target).replace(/\/+$/, '') || '/';
  const name = checkRelativeName(relativeName);
  const joined = name === '' ? cleanTarget : posix.join(cleanTarget, name);
  const back = posix.relative(cleanTarget, joined);
  if (back.startsWith('..') || posix.isAbsolute(back)) throw new UnsafePathError(joined, 'the path leaves the target');
  return joined;
}

export type HostEntry =
  | { kind: 'file'; mode: number; size: number; mtimeMs: number }
  | { kind: 'dir'; mode: number; mtimeMs: number }
  | { kind: 'symlink'; linkTarget: string; mode: number; mtimeMs: number }
  | { kind: 'absent' }
  | { kind: 'skipped'; reason: string };

/**
 * Looks at a host path right before it is read for a sync: what it is (without following
 * a final symlink), and whether its real location is still inside `watchRoot`. A path
 * whose parent folder was swapped for a symlink leading out is reported as skipped.
 * A symlink is reported as such; `linkTarget` is its text, and it is skipped when it
 * resolves outside the root.
 */
/** Real paths of folders, shared by the checks of one batch (a batch takes milliseconds). */
export type RealpathCache = Map<string, Promise<string>>;

export async function inspectHostPath(
  watchRoot: string,
  hostPath: string,
  cache: RealpathCache = new Map(),
): Promise<HostEntry> {
  let stats;
  try {
    stats = await lstat(hostPath);
  } catch (error) {
    if (isMissing(error)) return { kind: 'absent' };
    throw error;
  }
  const realRoot = await cachedRealpath(cache, watchRoot).catch(() => watchRoot);
  // The folder holding the entry must really be inside the root (catches a parent folder
  // replaced by a symlink between the event and this read).
  let realParent: string;
  try {
    realParent = await cachedRealpath(cache, posix.dirname(hostPath));
  } catch (error) {
    if (isMissing(error)) return { kind: 'absent' };
    throw error;
  }
  // The root itself (an initial sync of a rule's whole folder) has its parent outside.
  if (hostPath !== watchRoot && relativeInside(realRoot, realParent) === undefined && realParent !== realRoot) {
    return { kind: 'skipped', reason: 'its folder resolves outside the watched folder' };
  }
  if (stats.isSymbolicLink()) {
    const linkTarget = await readlink(hostPath);
    let resolved: string;
    try {
      resolved = await realpath(hostPath);
    } catch {
      return { kind: 'skipped', reason: `symlink to ${linkTarget} does not resolve` };
    }
    if (relativeInside(realRoot, resolved) === undefined) {
      return { kind: 'skipped', reason: `symlink to ${linkTarget} points outside the watched folder` };
    }
    return { kind: 'symlink', linkTarget, mode: stats.mode & 0o7777, mtimeMs: stats.mtimeMs };
  }
  if (stats.isDirectory()) return { kind: 'dir', mode: stats.mode & 0o7777, mtimeMs: stats.mtimeMs };
  if (stats.isFile()) return { kind: 'file', mode: stats.mode & 0o7777, size: stats.size, mtimeMs: stats.mtimeMs };
  return { kind: 'skipped', reason: 'not a regular file, folder or symlink' };
}

function cachedRealpath(cache: RealpathCache, path: string): Promise<string> {
  let found = cache.get(path);
  if (!found) {
    found = realpath(path);
    found.catch(() => cache.delete(path));
    cache.set(path, found);
  }
  return found;
}

export function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}
