import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { watchFolder, watchLimitMessage, type FileWatcher, type FileWatcherError } from './file-watcher.js';
import { diffSnapshots, takeSnapshot } from './tree-snapshot.js';

async function eventually(check: () => void, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      check();
      return;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

function inotifyWatchCount(): number {
  let count = 0;
  for (const fd of readdirSync('/proc/self/fdinfo')) {
    try {
      count += readFileSync(`/proc/self/fdinfo/${fd}`, 'utf8')
        .split('\n')
        .filter((line) => line.startsWith('inotify wd:')).length;
    } catch {
      // closed meanwhile
    }
  }
  return count;
}

describe('watchFolder on a real folder', () => {
  let base: string;
  let root: string;
  let watcher: FileWatcher | undefined;
  let seen: Set<string>;
  let errors: FileWatcherError[];
  let recovered: string[];

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'file-watcher-'));
    root = join(base, 'src');
    await mkdir(join(root, 'a', 'b'), { recursive: true });
    await mkdir(join(root, '.git', 'objects'), { recursive: true });
    await writeFile(join(root, 'a', 'one.txt'), '1');
    seen = new Set();
    errors = [];
    recovered = [];
  });
  afterEach(async () => {
    await watcher?.close();
    watcher = undefined;
    await rm(base, { recursive: true, force: true });
  });

  async function start(): Promise<FileWatcher> {
    watcher = await watchFolder({
      root,
      tickMs: 50,
      onChanges: (paths) => paths.forEach((path) => seen.add(path)),
      onError: (error) => errors.push(error),
      onRecovered: (message) => recovered.push(message),
    });
    return watcher;
  }

  test('holds one kernel watch per folder and none per file or in .git', async () => {
    for (let index = 0; index < 200; index += 1) await writeFile(join(root, 'a', 'b', `f${index}.txt`), 'x');
    const before = inotifyWatchCount();
    const started = await start();
    // Folders: src, a, a/b (.git and its content are not watched).
    expect(started.watchedFolderCount()).toBe(3);
    expect(inotifyWatchCount() - before).toBe(3);
  });

  test('reports edits, new files, deletes and new folders with their content', async () => {
    await start();
    await writeFile(join(root, 'a', 'one.txt'), 'changed');
    await writeFile(join(root, 'a', 'b', 'two.txt'), '2');
    await rm(join(root, 'a', 'one.txt'));
    await mkdir(join(root, 'new', 'deep'), { recursive: true });
    await eventually(() => {
      expect(seen).toContain(join(root, 'a', 'one.txt'));
      expect(seen).toContain(join(root, 'a', 'b', 'two.txt'));
      expect(seen).toContain(join(root, 'new'));
    });
    // The new folder is watched right away.
    await eventually(() => expect(watcher!.watchedFolderCount()).toBe(5));
    await writeFile(join(root, 'new', 'deep', 'three.txt'), '3');
    await eventually(() => expect(seen).toContain(join(root, 'new', 'deep', 'three.txt')));
  });

  test('ignores .git', async () => {
    await start();
    await writeFile(join(root, '.git', 'HEAD'), 'ref');
    await writeFile(join(root, 'marker'), 'm');
    await eventually(() => expect(seen).toContain(join(root, 'marker')));
    expect([...seen].filter((path) => path.includes('.git'))).toEqual([]);
  });

  test('survives the folder being deleted and recreated', async () => {
    await start();
    await rm(root, { recursive: true });
    await eventually(() => expect(errors.map((error) => error.code)).toContain('root-missing'));
    await mkdir(join(root, 'again'), { recursive: true });
    await writeFile(join(root, 'again', 'x.txt'), 'x');
    await eventually(() => {
      expect(recovered).toHaveLength(1);
      expect(seen).toContain(join(root, 'again'));
    });
    await writeFile(join(root, 'again', 'after.txt'), 'y');
    await eventually(() => expect(seen).toContain(join(root, 'again', 'after.txt')));
  });

  test('survives the folder being renamed away and back', async () => {
    await start();
    await rename(root, join(base, 'elsewhere'));
    await eventually(() => expect(errors.map((error) => error.code)).toContain('root-missing'));
    await writeFile(join(base, 'elsewhere', 'a', 'while-away.txt'), 'w');
    await rename(join(base, 'elsewhere'), root);
    await eventually(() => expect(seen).toContain(join(root, 'a', 'while-away.txt')));
    await writeFile(join(root, 'a', 'b', 'later.txt'), 'l');
    await eventually(() => expect(seen).toContain(join(root, 'a', 'b', 'later.txt')));
  });

  test('a rescan reports what changed since the snapshot', async () => {
    const before = await takeSnapshot(root, { isIgnoredDir: () => false });
    await writeFile(join(root, 'a', 'one.txt'), 'longer content');
    await writeFile(join(root, 'a', 'b', 'new.txt'), 'n');
    await rm(join(root, 'a', 'b'), { recursive: true });
    await mkdir(join(root, 'c'));
    const after = await takeSnapshot(root, { isIgnoredDir: () => false });
    expect(
      diffSnapshots(before, after)
        .map((path) => path.slice(root.length))
        .sort(),
    ).toEqual(['/a/b', '/a/one.txt', '/c']);
  });

  test('a blocked event loop triggers a rescan that reports what changed meanwhile', async () => {
    const rescans: string[] = [];
    watcher = await watchFolder({
      root,
      tickMs: 50,
      stallThresholdMs: 500,
      onChanges: (paths) => paths.forEach((path) => seen.add(path)),
      onError: (error) => errors.push(error),
      onRescan: (reason) => rescans.push(reason),
    });
    // spawnSync blocks this process's event loop while another process writes.
    spawnSync('sh', ['-c', `echo blocked > '${join(root, 'a', 'during-stall.txt')}'; sleep 1`]);
    await eventually(() => {
      expect(rescans.some((reason) => reason.includes('event loop was blocked'))).toBe(true);
      expect(seen).toContain(join(root, 'a', 'during-stall.txt'));
    });
  });

  test('past its watch limit it says which limit and how to raise it, and polls the folders not watched', async () => {
    // Folders: src, a, a/b; a limit of 2 leaves a/b without a watch, as ENOSPC from the system would.
    watcher = await watchFolder({
      root,
      tickMs: 50,
      maxFolderWatches: 2,
      degradedRescanMs: 100,
      onChanges: (paths) => paths.forEach((path) => seen.add(path)),
      onError: (error) => errors.push(error),
    });
    expect(watcher.watchedFolderCount()).toBe(2);
    expect(errors.map((error) => error.code)).toEqual(['watch-limit']);
    expect(errors[0]!.message).toMatch(/fs\.inotify\.max_user_watches/);
    expect(errors[0]!.message).toMatch(/sudo sysctl fs\.inotify\.max_user_watches=524288/);
    expect(errors[0]!.message).toMatch(/rescanning/);
    await writeFile(join(root, 'a', 'b', 'unwatched.txt'), 'polled');
    await writeFile(join(root, 'a', 'watched.txt'), 'evented');
    await mkdir(join(root, 'a', 'b', 'newer'));
    await eventually(() => {
      expect(seen).toContain(join(root, 'a', 'b', 'unwatched.txt'));
      expect(seen).toContain(join(root, 'a', 'watched.txt'));
      expect(seen).toContain(join(root, 'a', 'b', 'newer'));
    }, 15_000);
    await writeFile(join(root, 'a', 'b', 'newer', 'deeper.txt'), 'polled too');
    await eventually(() => expect(seen).toContain(join(root, 'a', 'b', 'newer', 'deeper.txt')), 15_000);
    // Said once, not on every rescan.
    expect(errors).toHaveLength(1);
    expect(watcher.watchedFolderCount()).toBe(2);
  });

  test('started with an earlier snapshot, it reports what changed since then and nothing else', async () => {
    for (let index = 0; index < 50; index += 1) await writeFile(join(root, 'a', 'b', `same${index}.txt`), 'same');
    await writeFile(join(root, 'a', 'b', 'gone.txt'), 'soon gone');
    const first = await start();
    const baseline = new Map(first.currentSnapshot());
    await first.close();
    watcher = undefined;
    await writeFile(join(root, 'a', 'one.txt'), 'edited while not watching');
    await writeFile(join(root, 'a', 'added.txt'), 'new');
    await rm(join(root, 'a', 'b', 'gone.txt'));
    await mkdir(join(root, 'fresh'));
    await writeFile(join(root, 'fresh', 'inside.txt'), 'new folder');
    seen.clear();
    watcher = await watchFolder({
      root,
      tickMs: 50,
      baseline,
      onChanges: (paths) => paths.forEach((path) => seen.add(path)),
      onError: (error) => errors.push(error),
    });
    expect([...seen].map((path) => path.slice(root.length + 1)).sort()).toEqual([
      'a/added.txt',
      'a/b/gone.txt',
      'a/one.txt',
      'fresh',
      'fresh/inside.txt',
    ]);
  });

  test('after a burst of events it rescans once they stop, and reports every file', async () => {
    const rescans: string[] = [];
    watcher = await watchFolder({
      root,
      tickMs: 50,
      burstRescanEvents: 200,
      onChanges: (paths) => paths.forEach((path) => seen.add(path)),
      onError: (error) => errors.push(error),
      onRescan: (reason) => rescans.push(reason),
    });
    await mkdir(join(root, 'burst'));
    for (let index = 0; index < 400; index += 1) await writeFile(join(root, 'burst', `f${index}.txt`), `${index}`);
    await eventually(() => expect(rescans.some((reason) => reason.includes('after a burst of'))).toBe(true), 15_000);
    for (let index = 0; index < 400; index += 1)
      expect(seen.has(join(root, 'burst', `f${index}.txt`)) || seen.has(join(root, 'burst'))).toBe(true);
  });

  test('the watch-limit message names the setting and how to raise it', () => {
    expect(watchLimitMessage('/proj/src')).toMatch(
      /fs\.inotify\.max_user_watches.*sudo sysctl fs\.inotify\.max_user_watches=524288/,
    );
  });
});
