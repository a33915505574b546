// Watches one folder tree and reports the paths that may have changed.
//
// One kernel watch per folder, none per file: a folder's watch reports every entry in it
// that changes, which is all a sync needs. chokidar v4 puts an fs.watch on every file
// (about one inotify watch per file); told to ignore files it still stats every entry of
// the tree at once while starting (measured: +286 MB RSS and 6.4 s for 100,000 files), so
// this module places the folder watches itself with fs.watch (folder-watches.ts) while
// walking the tree once for its snapshot (+70 MB, 2.5 s).
//
// No change is lost silently: the module keeps a stat snapshot of the tree and rescans
// (diffs a fresh snapshot against it) when events may have been dropped: the event loop
// was blocked long enough for the kernel queue to overflow, a burst came close to the
// queue size (rescan-triggers.ts), the watch limit was hit (then it keeps rescanning on an
// interval), or the watched folder vanished and came back (rename, delete + recreate).

import { lstatSync, readdirSync } from 'node:fs';
import { basename, join, relative, sep } from 'node:path';
import { FolderWatches } from './folder-watches.js';
import { ALWAYS_IGNORED_DIRS } from './ignore-patterns.js';
import { lstatOrUndefined, lstatSyncOrUndefined } from './lstat-if-present.js';
import { rescanTriggerOf, type RescanThresholds } from './rescan-triggers.js';
import { openFilesLimitMessage, readProcNumber, watchLimitMessage } from './watch-limit-messages.js';
import {
  diffSnapshots,
  forgetPath,
  isFolderSignature,
  signatureOf,
  takeSnapshot,
  walkInto,
  type TreeSnapshot,
} from './tree-snapshot.js';

export type FileWatcherErrorCode = 'watch-limit' | 'root-missing' | 'io';

export class FileWatcherError extends Error {
  constructor(
    readonly code: FileWatcherErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'FileWatcherError';
  }
}

export interface FileWatcherOptions {
  /** Absolute folder to watch. */
  root: string;
  /** 0 = the root's own entries only; undefined = the whole tree. */
  depth?: number;
  /** Folders not to watch or descend into, besides VCS folders (absolute path). */
  isIgnoredDir?(path: string): boolean;
  /** Absolute paths that may have changed: files, folders, or paths now gone. */
  onChanges(paths: string[]): void;
  /** Problems: the watch limit, the folder gone (then back: onRecovered), I/O. */
  onError(error: FileWatcherError): void;
  onRecovered?(message: string): void;
  /** Called when a rescan starts, with why. */
  onRescan?(reason: string): void;
  /** Event-loop stall that triggers a rescan. */
  stallThresholdMs?: number;
  /** How often the root is checked and stalls measured. */
  tickMs?: number;
  /**
   * Once this many events came without a quiet tick, the tree is rescanned when they stop:
   * a burst (a checkout, a build writing its output) is where events get lost, whether in
   * the kernel's queue or on the way to this process. Default 1,000.
   */
  burstRescanEvents?: number;
  /** Rescan interval while the watch limit is exhausted. */
  degradedRescanMs?: number;
  /**
   * At most this many folder watches (default: no limit of its own). Reaching it takes the
   * same path as the system's limit (ENOSPC): the message, then rescans on an interval.
   */
  maxFolderWatches?: number;
  /**
   * A snapshot from an earlier run (a restarted daemon): once started, the paths that
   * differ from it (added, changed, removed) are reported through onChanges.
   */
  baseline?: TreeSnapshot;
}

export interface FileWatcher {
  readonly root: string;
  /** Folders currently watched. */
  watchedFolderCount(): number;
  /** Diffs the tree against the snapshot and reports the differences. */
  rescan(reason: string): Promise<void>;
  /** The tree as last seen (path -> signature), for a later run's baseline. */
  currentSnapshot(): ReadonlyMap<string, number>;
  close(): Promise<void>;
}

export { watchLimitMessage } from './watch-limit-messages.js';

/** Starts watching; resolves once the initial scan is done and watches are in place. */
export async function watchFolder(options: FileWatcherOptions): Promise<FileWatcher> {
  const watcher = new FolderWatcher(options);
  await watcher.start();
  return watcher;
}

const DEFAULT_QUEUE_SIZE = 16384;

class FolderWatcher implements FileWatcher {
  readonly root: string;
  private readonly watches: FolderWatches;
  private snapshot: TreeSnapshot = new Map();
  private rootIno: number | undefined;
  private rootMissing = false;
  private degraded = false;
  private closed = false;
  private tickTimer: NodeJS.Timeout | undefined;
  private degradedTimer: NodeJS.Timeout | undefined;
  private lastTick = performance.now();
  private eventsSinceTick = 0;
  /** Events of the ticks since the last quiet one. */
  private burstEvents = 0;
  private rescanning: Promise<void> | undefined;
  private rescanAgain: string | undefined;
  private readonly refreshQueue = new Set<string>();
  private refreshing = false;
  private readonly rescanThresholds: RescanThresholds;

  constructor(private readonly options: FileWatcherOptions) {
    this.root = options.root;
    this.watches = new FolderWatches({
      maxFolderWatches: options.maxFolderWatches,
      onEvent: (folder, name) => this.onFolderEvent(folder, name),
      onError: (error, folder) => this.handleError(error, folder),
    });
    this.rescanThresholds = {
      stallThresholdMs: options.stallThresholdMs ?? 1000,
      queueSize: readProcNumber('/proc/sys/fs/inotify/max_queued_events') ?? DEFAULT_QUEUE_SIZE,
      burstRescanEvents: options.burstRescanEvents ?? 1000,
    };
  }

  async start(): Promise<void> {
    const rootStats = await lstatOrUndefined(this.root);
    if (!rootStats?.isDirectory()) {
      this.rootMissing = true;
      this.options.onError(
        new FileWatcherError('root-missing', `${this.root} does not exist; waiting for it to appear`),
      );
    } else {
      this.rootIno = rootStats.ino;
      // Watch before walking so nothing written during the walk is missed.
      this.placeWatch(this.root);
      this.snapshot = await this.takeSnapshot();
      this.syncWatchesWithSnapshot();
      if (this.options.baseline !== undefined) {
        const changed = diffSnapshots(this.options.baseline, this.snapshot);
        if (changed.length > 0 && !this.closed) this.options.onChanges(changed);
      }
    }
    const tickMs = this.options.tickMs ?? 500;
    this.lastTick = performance.now();
    this.tickTimer = setInterval(() => void this.tick(tickMs), tickMs);
    this.tickTimer.unref();
  }

  watchedFolderCount(): number {
    return this.watches.size;
  }

  currentSnapshot(): ReadonlyMap<string, number> {
    return this.snapshot;
  }

  async rescan(reason: string): Promise<void> {
    if (this.closed) return;
    if (this.rescanning) {
      this.rescanAgain = reason;
      return this.rescanning;
    }
    this.options.onRescan?.(reason);
    this.rescanning = (async () => {
      const fresh = await this.takeSnapshot();
      const changed = diffSnapshots(this.snapshot, fresh);
      this.snapshot = fresh;
      this.syncWatchesWithSnapshot();
      if (changed.length > 0 && !this.closed) this.options.onChanges(changed);
    })().finally(() => {
      this.rescanning = undefined;
      const again = this.rescanAgain;
      this.rescanAgain = undefined;
      if (again !== undefined) void this.rescan(again);
    });
    return this.rescanning;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.tickTimer);
    clearInterval(this.degradedTimer);
    this.watches.closeTree(this.root);
  }

  private isIgnoredDir = (path: string): boolean => {
    if (path === this.root) return false;
    if (ALWAYS_IGNORED_DIRS.includes(basename(path))) return true;
    return this.options.isIgnoredDir?.(path) ?? false;
  };

  private takeSnapshot(): Promise<TreeSnapshot> {
    return takeSnapshot(this.root, { isIgnoredDir: this.isIgnoredDir, depth: this.options.depth });
  }

  private isInside(path: string): boolean {
    return path === this.root || path.startsWith(this.root.endsWith(sep) ? this.root : `${this.root}${sep}`);
  }

  private levelOf(path: string): number {
    return path === this.root ? 0 : relative(this.root, path).split(sep).length;
  }

  private placeWatch(folder: string): void {
    if (this.closed || this.degraded || this.watches.has(folder)) return;
    if (this.options.depth !== undefined && this.levelOf(folder) > this.options.depth) return;
    this.watches.place(folder);
  }

  private onFolderEvent(folder: string, name: string | Buffer | null): void {
    this.eventsSinceTick += 1;
    if (!name) this.noteCandidate(folder);
    else if (name === basename(folder) && folder === this.root) void this.checkRoot();
    else {
      const path = join(folder, name.toString());
      this.noteCandidate(path);
      this.watchNewFolderNow(path);
    }
  }

  private syncWatchesWithSnapshot(): void {
    for (const path of this.watches.folders()) {
      if (isFolderSignature(this.snapshot.get(path))) continue;
      // Not in a rescan's snapshot may just mean created after the walk passed its parent:
      // a folder still there keeps its watch (its files' events are reported as they come).
      const stats = lstatSyncOrUndefined(path);
      if (stats?.isDirectory() && !this.isIgnoredDir(path)) this.snapshot.set(path, signatureOf(stats));
      else this.watches.close(path);
    }
    for (const [path, signature] of this.snapshot) if (isFolderSignature(signature)) this.placeWatch(path);
  }

  private noteCandidate(path: string): void {
    if (this.closed || !this.isInside(path)) return;
    const rel = relative(this.root, path);
    if (rel.split(sep).some((segment) => ALWAYS_IGNORED_DIRS.includes(segment))) return;
    this.options.onChanges([path]);
    this.refreshQueue.add(path);
    void this.refreshSnapshot();
  }

  /**
   * A folder just created gets its watch (and its sub-folders theirs) in the same turn
   * its creation is reported, before any batch holding it is read: a file created in it
   * afterwards has an event of its own, and one created before is in the folder when the
   * batch reads it. Placing the watch later (after an asynchronous stat) left a window in
   * which files of a burst were in neither.
   */
  private watchNewFolderNow(path: string): void {
    if (this.closed || this.degraded || this.watches.has(path) || !this.isInside(path)) return;
    let isFolder: boolean;
    try {
      isFolder = lstatSync(path).isDirectory();
    } catch {
      return;
    }
    if (isFolder) this.watchTreeNow(path);
  }

  private watchTreeNow(folder: string): void {
    if (this.closed || this.degraded || this.isIgnoredDir(folder)) return;
    if (this.options.depth !== undefined && this.levelOf(folder) > this.options.depth) return;
    this.placeWatch(folder);
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) if (entry.isDirectory()) this.watchTreeNow(join(folder, entry.name));
  }

  /** Keeps the snapshot and the folder watches current with what events reported. */
  private async refreshSnapshot(): Promise<void> {
    if (this.refreshing) return;
    this.refreshing = true;
    try {
      while (this.refreshQueue.size > 0 && !this.closed) {
        const paths = [...this.refreshQueue];
        this.refreshQueue.clear();
        for (const [index, path] of paths.entries()) {
          // Synchronous: a burst's thousands of stats do not queue behind each other in the thread pool.
          if (index > 0 && index % 256 === 0) await new Promise((resolve) => setImmediate(resolve));
          const stats = lstatSyncOrUndefined(path);
          if (!stats) {
            forgetPath(this.snapshot, path);
            this.watches.closeTree(path);
            continue;
          }
          const isNewFolder = stats.isDirectory() && !isFolderSignature(this.snapshot.get(path));
          this.snapshot.set(path, signatureOf(stats));
          if (isNewFolder && !this.isIgnoredDir(path)) {
            this.placeWatch(path);
            const folders = await walkInto(path, this.levelOf(path), this.snapshot, {
              isIgnoredDir: this.isIgnoredDir,
              depth: this.options.depth,
            });
            for (const folder of folders) this.placeWatch(folder);
          }
        }
      }
    } finally {
      this.refreshing = false;
    }
  }

  private async tick(tickMs: number): Promise<void> {
    if (this.closed) return;
    const now = performance.now();
    const stall = now - this.lastTick - tickMs;
    this.lastTick = now;
    const events = this.eventsSinceTick;
    this.eventsSinceTick = 0;
    await this.checkRoot();
    if (this.rootMissing || this.closed) return;
    const trigger = rescanTriggerOf(
      { stallMs: stall, events, burstEvents: this.burstEvents, tickMs },
      this.rescanThresholds,
    );
    if (trigger !== undefined) {
      if (trigger.endsBurst) this.burstEvents = 0;
      await this.rescan(trigger.reason);
    }
    this.burstEvents = events === 0 ? 0 : this.burstEvents + events;
  }

  private async checkRoot(): Promise<void> {
    if (this.closed) return;
    const stats = await lstatOrUndefined(this.root);
    const present = stats?.isDirectory() ?? false;
    if (!present && !this.rootMissing) {
      this.rootMissing = true;
      this.watches.closeTree(this.root);
      this.options.onError(
        new FileWatcherError('root-missing', `${this.root} was removed or renamed; waiting for it to come back`),
      );
      return;
    }
    if (present && (this.rootMissing || stats!.ino !== this.rootIno)) {
      const wasMissing = this.rootMissing;
      this.rootMissing = false;
      this.rootIno = stats!.ino;
      this.watches.closeTree(this.root);
      this.placeWatch(this.root);
      await this.rescan(wasMissing ? `${this.root} is back` : `${this.root} was replaced`);
      if (wasMissing) this.options.onRecovered?.(`${this.root} is back; watching again`);
    }
  }

  private handleError(error: unknown, folder: string): void {
    const code = (error as NodeJS.ErrnoException | undefined)?.code;
    if (code === 'ENOENT' || code === 'ENOTDIR' || code === 'EACCES' || code === 'EPERM') return;
    if (code === 'ENOSPC' || code === 'EMFILE') {
      if (!this.degraded) {
        this.degraded = true;
        const message =
          code === 'ENOSPC' ? watchLimitMessage(this.root, this.watches.size) : openFilesLimitMessage(this.root);
        this.options.onError(new FileWatcherError('watch-limit', message));
        this.degradedTimer = setInterval(
          () => void this.rescan('the watch limit is reached; rescanning on an interval'),
          this.options.degradedRescanMs ?? 2000,
        );
        this.degradedTimer.unref();
      }
      return;
    }
    const message = error instanceof Error ? error.message : String(error);
    this.options.onError(new FileWatcherError('io', `watching ${folder}: ${message}`));
  }
}
