// What a project's watched trees looked like the last time everything seen had been
// applied to the containers, kept on disk so a restarted daemon syncs only what changed
// while it was not watching (edits, new files, deletions), not the whole tree.
//
// The record is each watch root's snapshot (path -> stat signature, see tree-snapshot.ts),
// written when the session is idle: every change seen has been synced, restarted or
// rebuilt. Paths whose action failed are written with a signature no file has, so the next
// run sees them as changed and tries again. Written atomically (temp file, rename).

import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, sep } from 'node:path';
import type { TreeSnapshot } from './tree-snapshot.js';

export const BASELINE_VERSION = 1;

/** Watch root -> its snapshot (absolute paths). */
export type WatchBaselines = Map<string, TreeSnapshot>;

export interface WatchBaselineStore {
  /** Undefined when there is no record (first run, unreadable or foreign file). */
  load(): Promise<WatchBaselines | undefined>;
  save(baselines: WatchBaselines): Promise<void>;
}

/** A signature no snapshot produces for a present path: "changed" whatever is found next time. */
const UNAPPLIED = 0;

/** Per root: names relative to it ("" for the root) and their signatures, as two arrays (fast to write and read). */
export function encodeBaselines(baselines: WatchBaselines): string {
  const roots: Record<string, { names: string[]; signatures: number[] }> = {};
  for (const [root, snapshot] of baselines) {
    const names: string[] = [];
    const signatures: number[] = [];
    const prefix = `${root}${sep}`;
    for (const [path, signature] of snapshot) {
      if (path !== root && !path.startsWith(prefix)) continue;
      names.push(path === root ? '' : path.slice(prefix.length));
      signatures.push(signature);
    }
    roots[root] = { names, signatures };
  }
  return JSON.stringify({ version: BASELINE_VERSION, savedAt: new Date().toISOString(), roots });
}

export function decodeBaselines(text: string): WatchBaselines | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  const record = raw as { version?: unknown; roots?: unknown } | null;
  if (typeof record !== 'object' || record === null || record.version !== BASELINE_VERSION) return undefined;
  if (typeof record.roots !== 'object' || record.roots === null) return undefined;
  const baselines: WatchBaselines = new Map();
  for (const [root, entry] of Object.entries(record.roots as Record<string, unknown>)) {
    const { names, signatures } = (entry ?? {}) as { names?: unknown; signatures?: unknown };
    if (!Array.isArray(names) || !Array.isArray(signatures) || names.length !== signatures.length) continue;
    const snapshot: TreeSnapshot = new Map();
    for (let index = 0; index < names.length; index += 1) {
      const name: unknown = names[index];
      const signature: unknown = signatures[index];
      if (typeof name !== 'string' || typeof signature !== 'number') continue;
      if (name.split(sep).includes('..')) continue;
      snapshot.set(name === '' ? root : `${root}${sep}${name}`, signature);
    }
    baselines.set(root, snapshot);
  }
  return baselines;
}

/** A project's record in the records folder `dir`. */
export const watchRecordFile = (dir: string, projectName: string): string => join(dir, `${projectName}.json`);

/** Deletes a project's record (its project was taken down), with the temp files of saves cut short. */
export async function removeWatchRecord(dir: string, projectName: string): Promise<void> {
  const file = `${projectName}.json`;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw error;
  }
  const ours = names.filter((name) => name === file || (name.startsWith(`${file}.`) && name.endsWith('.tmp')));
  await Promise.all(ours.map((name) => rm(join(dir, name), { force: true })));
}

export function fileBaselineStore(filePath: string): WatchBaselineStore {
  return {
    async load() {
      try {
        return decodeBaselines(await readFile(filePath, 'utf8'));
      } catch {
        return undefined;
      }
    },
    async save(baselines) {
      await mkdir(dirname(filePath), { recursive: true, mode: 0o700 });
      const temp = `${filePath}.${process.pid}.tmp`;
      try {
        await writeFile(temp, encodeBaselines(baselines), { mode: 0o600 });
        await rename(temp, filePath);
      } catch (error) {
        await rm(temp, { force: true });
        throw error;
      }
    },
  };
}

/**
 * The session's side: notes changes and failed actions, and saves the roots' snapshots
 * a short while after the session went idle with something new to record.
 */
export class BaselineKeeper {
  private dirty = true;
  private timer: NodeJS.Timeout | undefined;
  private lastSaveAt = Number.NEGATIVE_INFINITY;
  private saving: Promise<void> = Promise.resolve();
  /** Path -> services whose last action for it failed. */
  private readonly unapplied = new Map<string, Set<string>>();

  constructor(
    private readonly store: WatchBaselineStore,
    private readonly snapshots: () => Map<string, ReadonlyMap<string, number>>,
    private readonly onSaveError: (message: string) => void,
    private readonly delayMs = 300,
    /** A big tree's record is megabytes: at most one save this often (an older record only means more to apply). */
    private readonly minIntervalMs = 5000,
  ) {}

  load(): Promise<WatchBaselines | undefined> {
    return this.store.load().catch(() => undefined);
  }

  noteChanges(): void {
    this.dirty = true;
  }

  noteResult(serviceName: string, paths: readonly string[], ok: boolean): void {
    this.dirty = true;
    for (const path of paths) {
      let services = this.unapplied.get(path);
      if (ok) {
        services?.delete(serviceName);
        if (services?.size === 0) this.unapplied.delete(path);
      } else {
        if (!services) this.unapplied.set(path, (services = new Set()));
        services.add(serviceName);
      }
    }
  }

  /** The session is idle: save soon, unless it is busy again by then (`isIdle`). */
  idle(isIdle: () => boolean): void {
    if (!this.dirty || this.timer) return;
    const delay = Math.max(this.delayMs, this.lastSaveAt + this.minIntervalMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (isIdle()) void this.save();
    }, delay);
    this.timer.unref();
  }

  /** Saves now when idle and something is new; waits for a save under way. */
  async flush(isIdle: boolean): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    if (isIdle) await this.save();
    else await this.saving;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private save(): Promise<void> {
    if (!this.dirty) return this.saving;
    this.dirty = false;
    this.lastSaveAt = performance.now();
    const baselines: WatchBaselines = new Map();
    for (const [root, snapshot] of this.snapshots()) {
      const copy: TreeSnapshot = new Map(snapshot);
      for (const path of this.unapplied.keys())
        if (path === root || path.startsWith(`${root}${sep}`)) copy.set(path, UNAPPLIED);
      baselines.set(root, copy);
    }
    this.saving = this.saving
      .then(() => this.store.save(baselines))
      .catch((error: unknown) => {
        this.dirty = true;
        this.onSaveError(`cannot record the watched files: ${error instanceof Error ? error.message : String(error)}`);
      });
    return this.saving;
  }
}
