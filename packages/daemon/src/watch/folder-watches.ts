// The kernel watches of one watched tree: one fs.watch per folder, none per file (a
// folder's watch reports every entry in it that changes). Placing a watch past the
// configured count fails the way the system's limit does (ENOSPC), so both take the
// same path in the caller.

import { watch as watchFs, type FSWatcher } from 'node:fs';
import { sep } from 'node:path';

export interface FolderWatchesOptions {
  /** At most this many folder watches (undefined: only the system's limit). */
  maxFolderWatches?: number;
  /** An event on `folder`: `name` is the entry that changed, empty when the kernel did not say. */
  onEvent(folder: string, name: string | Buffer | null): void;
  /** Placing or keeping the watch on `folder` failed; a watch that errored is already closed. */
  onError(error: unknown, folder: string): void;
}

export class FolderWatches {
  private readonly watches = new Map<string, FSWatcher>();

  constructor(private readonly options: FolderWatchesOptions) {}

  get size(): number {
    return this.watches.size;
  }

  has(folder: string): boolean {
    return this.watches.has(folder);
  }

  /** The folders watched, as a list (safe to close watches while going through it). */
  folders(): string[] {
    return [...this.watches.keys()];
  }

  /** Watches `folder` (already watched: nothing); a failure goes to onError. */
  place(folder: string): void {
    if (this.watches.has(folder)) return;
    try {
      if (this.options.maxFolderWatches !== undefined && this.watches.size >= this.options.maxFolderWatches) {
        throw Object.assign(new Error(`watch ${folder} ENOSPC`), { code: 'ENOSPC' });
      }
      const watcher = watchFs(folder, { persistent: true }, (_event, name) => this.options.onEvent(folder, name));
      watcher.on('error', (error) => {
        this.close(folder);
        this.options.onError(error, folder);
      });
      this.watches.set(folder, watcher);
    } catch (error) {
      this.options.onError(error, folder);
    }
  }

  close(folder: string): void {
    this.watches.get(folder)?.close();
    this.watches.delete(folder);
  }

  /** Closes the watch on `folder` and on every folder below it. */
  closeTree(folder: string): void {
    const prefix = `${folder}${sep}`;
    for (const path of this.folders()) if (path === folder || path.startsWith(prefix)) this.close(path);
  }
}
