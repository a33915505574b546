// Where each node of a document came from: path -> file:line:col, kept through every phase.
import { type TreePath, pathKey } from './tree.js';

export interface SourceLocation {
  file: string;
  line: number;
  column: number;
}

export class SourceMap {
  private readonly values = new Map<string, SourceLocation>();
  private readonly keys = new Map<string, SourceLocation>();

  constructor(private readonly fallback: SourceLocation) {}

  setValue(path: TreePath, location: SourceLocation): void {
    this.values.set(pathKey(path), location);
  }

  setKey(path: TreePath, location: SourceLocation): void {
    this.keys.set(pathKey(path), location);
  }

  /** The location of the value at `path`, or of its nearest located ancestor. */
  locate(path: TreePath): SourceLocation {
    for (let length = path.length; length >= 0; length -= 1) {
      const found = this.values.get(pathKey(path.slice(0, length)));
      if (found !== undefined) return found;
    }
    return this.fallback;
  }

  /** The location of the key naming `path` (falls back to the value's). */
  locateKey(path: TreePath): SourceLocation {
    return this.keys.get(pathKey(path)) ?? this.locate(path);
  }

  /** Entries of `other` win over this map's own. */
  absorb(other: SourceMap): void {
    for (const [key, location] of other.values) this.values.set(key, location);
    for (const [key, location] of other.keys) this.keys.set(key, location);
  }

  /** Copy every entry under `from` to the same relative place under `to`, unless already set. */
  copySubtree(from: TreePath, to: TreePath, source: SourceMap = this): void {
    const prefix = pathKey(from);
    const target = pathKey(to);
    const copy = (sourceEntries: Map<string, SourceLocation>, targetEntries: Map<string, SourceLocation>): void => {
      for (const [key, location] of sourceEntries) {
        if (key !== prefix && !key.startsWith(`${prefix}\u0000`)) continue;
        const moved = target + key.slice(prefix.length);
        if (!targetEntries.has(moved)) targetEntries.set(moved, location);
      }
    };
    copy(source.values, this.values);
    copy(source.keys, this.keys);
  }

  get fileStart(): SourceLocation {
    return this.fallback;
  }
}
