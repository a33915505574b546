// Turns planned sync entries into what to send: the files, folders and symlinks to write
// (read from the host right now, re-checked for safety just before reading: small regular
// files in a few synchronous calls, see read-small-file.ts) and the
// container paths to remove (host paths that are gone). A folder is sent with its whole
// content, filtered by the rule's patterns.

import { constants } from 'node:fs';
import { open, readdir, readlink, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import type { TarBatchEntry } from '../archive/tar-batch.js';
import { compilePatterns, isEditorTempFile, isInVcsFolder, type PathMatcher } from '../watch/ignore-patterns.js';
import type { SyncEntry } from '../watch/plan-watch-actions.js';
import { readSmallFile } from './read-small-file.js';
import { containerPathFor, inspectHostPath, relativeInside, type RealpathCache } from './safe-paths.js';

export interface SyncBatch {
  writes: TarBatchEntry[];
  /** Absolute container paths to remove. */
  deletes: string[];
  /** Host paths not synced, with why (symlinks out of the folder, unreadable files). */
  skipped: { hostPath: string; reason: string }[];
  /** Bytes of file content. */
  bytes: number;
}

const COLLECT_CONCURRENCY = 32;

/** Container names already in the batch, with what they are. */
type Written = Map<string, 'file' | 'symlink' | 'directory'>;

export async function collectSyncBatch(entries: readonly SyncEntry[]): Promise<SyncBatch> {
  const batch: SyncBatch = { writes: [], deletes: [], skipped: [], bytes: 0 };
  const written: Written = new Map();
  const realpaths: RealpathCache = new Map();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < entries.length) {
      const entry = entries[next++]!;
      try {
        await collectEntry(entry, entry.hostPath, batch, written, realpaths);
      } catch (error) {
        batch.skipped.push({
          hostPath: entry.hostPath,
          reason: error instanceof Error ? error.message : String(error),
        });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(COLLECT_CONCURRENCY, entries.length) }, worker));
  // Folders before what they hold, then by name: a stable archive.
  batch.writes.sort((left, right) => (left.name < right.name ? -1 : left.name > right.name ? 1 : 0));
  // A deleted folder's removal covers the removals below it.
  batch.deletes = [...new Set(batch.deletes)]
    .sort()
    .filter((path, index, all) => !all.slice(0, index).some((parent) => path.startsWith(`${parent}/`)));
  return batch;
}

const matchers = new Map<string, PathMatcher>();
function matcher(patterns: readonly string[]): PathMatcher {
  const key = patterns.join('\0');
  let compiled = matchers.get(key);
  if (!compiled) matchers.set(key, (compiled = compilePatterns(patterns)));
  return compiled;
}

function isFiltered(entry: SyncEntry, relativeName: string): boolean {
  if (relativeName === '') return false;
  if (isEditorTempFile(basename(relativeName)) || isInVcsFolder(relativeName)) return true;
  if (entry.include.length > 0 && !matcher(entry.include).matches(relativeName)) return true;
  return entry.ignore.length > 0 && matcher(entry.ignore).matches(relativeName);
}

async function collectEntry(
  entry: SyncEntry,
  hostPath: string,
  batch: SyncBatch,
  written: Written,
  realpaths: RealpathCache,
): Promise<void> {
  const relativeName = relativeInside(entry.hostRoot, hostPath);
  if (relativeName === undefined) throw new Error(`${hostPath} is outside ${entry.hostRoot}`);
  if (isFiltered(entry, relativeName)) return;
  const containerPath = containerPathFor(entry.target, relativeName);
  const tarName = containerPath.replace(/^\/+/, '') || '.';
  // Already taken by another entry of this batch (a file also inside a new folder).
  // A file or link already read is not read again; a folder is walked again (what it
  // holds is deduplicated).
  const taken = written.get(tarName);
  if (taken === 'file' || taken === 'symlink') return;
  const realRoot = await realRootOf(entry.hostRoot, realpaths);
  const small = realRoot === undefined || written.has(tarName) ? undefined : readSmallFile(hostPath, realRoot);
  if (small !== undefined) {
    written.set(tarName, 'file');
    batch.writes.push({
      type: 'file',
      name: tarName,
      mode: small.mode,
      mtime: new Date(small.mtimeMs),
      content: small.content,
    });
    batch.bytes += small.content.length;
    // Synchronous reads: let the daemon breathe between runs of them.
    if (++smallReads % 128 === 0) await new Promise((resolve) => setImmediate(resolve));
    return;
  }
  const found = await inspectHostPath(entry.hostRoot, hostPath, realpaths);
  switch (found.kind) {
    case 'absent':
      if (relativeName === '') throw new Error(`${hostPath} is gone; not clearing ${entry.target}`);
      batch.deletes.push(containerPath);
      return;
    case 'skipped':
      batch.skipped.push({ hostPath, reason: found.reason });
      return;
    case 'symlink': {
      if (written.has(tarName)) return;
      written.set(tarName, 'symlink');
      batch.writes.push({
        type: 'symlink',
        name: tarName,
        mode: found.mode,
        mtime: new Date(found.mtimeMs),
        linkTarget: portableLink(entry.hostRoot, hostPath, found.linkTarget),
      });
      return;
    }
    case 'file': {
      if (written.has(tarName)) return;
      written.set(tarName, 'file');
      const content = await readNoFollow(hostPath, await realpaths.get(entry.hostRoot)?.catch(() => undefined));
      if (content === undefined) {
        batch.deletes.push(containerPath);
        return;
      }
      batch.writes.push({ type: 'file', name: tarName, mode: found.mode, mtime: new Date(found.mtimeMs), content });
      batch.bytes += content.length;
      return;
    }
    case 'dir': {
      if (!written.has(tarName)) {
        written.set(tarName, 'directory');
        batch.writes.push({ type: 'directory', name: tarName, mode: found.mode, mtime: new Date(found.mtimeMs) });
      }
      let names: string[];
      try {
        names = await readdir(hostPath);
      } catch {
        return;
      }
      for (let start = 0; start < names.length; start += COLLECT_CONCURRENCY) {
        const slice = names.slice(start, start + COLLECT_CONCURRENCY);
        await Promise.all(slice.map((name) => collectEntry(entry, join(hostPath, name), batch, written, realpaths)));
      }
      return;
    }
  }
}

/**
 * Reads a file without following a symlink put in its place since it was inspected, and
 * checks where the opened file really is (/proc/self/fd) so a folder swapped for a
 * symlink meanwhile cannot lead the read outside the watched folder.
 */
async function readNoFollow(path: string, realRoot: string | undefined): Promise<Buffer | undefined> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    if (code === 'ELOOP') throw new Error(`${path} became a symlink while syncing`);
    throw error;
  }
  try {
    if (realRoot !== undefined) {
      const opened = await readlink(`/proc/self/fd/${handle.fd}`).catch(() => undefined);
      if (opened !== undefined && relativeInside(realRoot, opened) === undefined) {
        throw new Error(`${path} resolves outside the watched folder (${opened})`);
      }
    }
    return await handle.readFile();
  } finally {
    await handle.close();
  }
}

let smallReads = 0;

function realRootOf(root: string, cache: RealpathCache): Promise<string | undefined> {
  let found = cache.get(root);
  if (!found) {
    found = realpath(root);
    found.catch(() => cache.delete(root));
    cache.set(root, found);
  }
  return found.catch(() => undefined);
}

/** An absolute link inside the watched folder is rewritten relative, so it holds in the container. */
function portableLink(root: string, linkPath: string, linkTarget: string): string {
  if (!isAbsolute(linkTarget)) return linkTarget;
  const resolved = resolve(linkTarget);
  if (relativeInside(root, resolved) === undefined) return linkTarget;
  return relative(dirname(linkPath), resolved) || '.';
}
