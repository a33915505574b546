// A stat snapshot of a watched tree: path -> a numeric signature (a folder: its mode,
// negative; anything else: a 32-bit hash of kind, mode, size, mtime and inode), small
// enough for 100,000 files. Diffing two snapshots tells which paths changed while events may have been
// lost. Folders are recorded by kind and mode only, so new files in a folder do not make
// the folder itself look changed.

import type { Stats } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export type TreeSnapshot = Map<string, number>;

export function isFolderSignature(signature: number | undefined): boolean {
  return signature !== undefined && signature < 0;
}

export interface WalkOptions {
  /** Folders not entered (absolute path). */
  isIgnoredDir(path: string): boolean;
  /** 0 = only the root's entries; undefined = unlimited. */
  depth?: number;
}

export function signatureOf(stats: Stats): number {
  if (stats.isDirectory()) return -1 - (stats.mode & 0o7777);
  const kind = stats.isSymbolicLink() ? 'l' : 'f';
  return hash32(`${kind}${stats.mode & 0o7777}:${stats.size}:${stats.mtimeMs}:${stats.ino}`);
}

function hash32(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
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

/** Adds the entries below `folder` (already in the snapshot) to it; returns the folders found below it. */
export async function walkInto(
  folder: string,
  level: number,
  snapshot: TreeSnapshot,
  options: WalkOptions,
  found: string[] = [],
): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return found;
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
  found.push(...folders);
  if (options.depth !== undefined && level >= options.depth) return found;
  for (const child of folders) await walkInto(child, level + 1, snapshot, options, found);
  return found;
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
    if (isFolderSignature(signature)) removedFolders.push(path);
    changed.push(path);
  }
  return changed;
}

/** Drops a path and everything below it. */
export function forgetPath(snapshot: TreeSnapshot, path: string): void {
  const signature = snapshot.get(path);
  snapshot.delete(path);
  if (isFolderSignature(signature)) {
    const prefix = `${path}/`;
    for (const key of snapshot.keys()) if (key.startsWith(prefix)) snapshot.delete(key);
  }
}
