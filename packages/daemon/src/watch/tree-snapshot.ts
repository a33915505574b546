// A stat snapshot of a watched tree: path -> a short signature (kind, mode, size, mtime,
// inode). Diffing two snapshots tells which paths changed while events may have been
// lost. Folders are recorded by kind and mode only, so new files in a folder do not make
// the folder itself look changed.

import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export type TreeSnapshot = Map<string, string>;

export interface WalkOptions {
  /** Folders not entered (absolute path). */
  isIgnoredDir(path: string): boolean;
  /** 0 = only the root's entries; undefined = unlimited. */
  depth?: number;
}

export function signatureOf(stats: Stats): string {
  if (stats.isDirectory()) return `d${stats.mode & 0o7777}`;
  if (stats.isSymbolicLink()) return `l${stats.ino}:${stats.mtimeMs}`;
  return `f${stats.mode & 0o7777}:${stats.size}:${stats.mtimeMs}:${stats.ino}`;
}

/** Walks `root` (not following symlinks) and returns its snapshot; the root is included. */
export async function takeSnapshot(root: string, options: WalkOptions): Promise<TreeSnapshot> {
  const snapshot: TreeSnapshot = new Map();
  let rootStats: Stats;
  try {
    rootStats = await lstat(root);
  } catch {
    return snapshot;
  }
  snapshot.set(root, signatureOf(rootStats));
  if (rootStats.isDirectory()) await walkInto(root, 0, snapshot, options);
  return snapshot;
}

/** Adds the entries below `folder` (already in the snapshot) to it. */
export async function walkInto(
  folder: string,
  level: number,
  snapshot: TreeSnapshot,
  options: WalkOptions,
): Promise<void> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return;
  }
  const folders: string[] = [];
  await Promise.all(
    names.map(async (name) => {
      const path = join(folder, name);
      try {
        const stats = await lstat(path);
        if (stats.isDirectory()) {
          if (options.isIgnoredDir(path)) return;
          folders.push(path);
        }
        snapshot.set(path, signatureOf(stats));
      } catch {
        // Gone between readdir and lstat: not part of the snapshot.
      }
    }),
  );
  if (options.depth !== undefined && level >= options.depth) return;
  for (const child of folders) await walkInto(child, level + 1, snapshot, options);
}

/** Paths added, changed or removed between two snapshots (a removed folder once, not its content). */
export function diffSnapshots(before: TreeSnapshot, after: TreeSnapshot): string[] {
  const changed: string[] = [];
  for (const [path, signature] of after) {
    if (before.get(path) !== signature) changed.push(path);
  }
  const removedFolders: string[] = [];
  for (const [path, signature] of before) {
    if (after.has(path)) continue;
    if (removedFolders.some((folder) => path.startsWith(`${folder}/`))) continue;
    if (signature.startsWith('d')) removedFolders.push(path);
    changed.push(path);
  }
  return changed;
}

/** Drops a path and everything below it. */
export function forgetPath(snapshot: TreeSnapshot, path: string): void {
  const signature = snapshot.get(path);
  snapshot.delete(path);
  if (signature?.startsWith('d')) {
    const prefix = `${path}/`;
    for (const key of snapshot.keys()) if (key.startsWith(prefix)) snapshot.delete(key);
  }
}
