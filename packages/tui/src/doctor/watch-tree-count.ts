// How many folders the watcher would watch: one watch per folder under each watch rule's path,
// skipping ignored folders, never following symlinks, and counting overlapping trees once.
import type { Dirent } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import type { Project } from '@devup/schema';
import { compileIgnorePatterns } from './ignore-patterns.js';

export interface WatchRoot {
  serviceName: string;
  path: string;
  ignore: string[];
}

export interface WatchTreeCount {
  /** Distinct folders across all roots. */
  folders: number;
  /** True when counting stopped at the limit. */
  truncated: boolean;
  /** Roots that do not exist on disk. */
  missing: string[];
}

/** Folders that are never watched. */
export const alwaysIgnored = ['.git', '.hg', '.svn'];

export const watchRootsOf = (project: Project): WatchRoot[] =>
  Object.values(project.services).flatMap((service) =>
    (service.develop?.watch ?? []).map((rule) => ({ serviceName: service.name, path: rule.path, ignore: rule.ignore })),
  );

const toPosix = (path: string): string => (sep === '/' ? path : path.split(sep).join('/'));

export const countWatchedFolders = async (roots: readonly WatchRoot[], limit = 1_000_000): Promise<WatchTreeCount> => {
  const seen = new Set<string>();
  const fileParents = new Set<string>();
  const missing: string[] = [];
  let truncated = false;
  for (const root of roots) {
    const isIgnored = compileIgnorePatterns([...alwaysIgnored, ...root.ignore]);
    let rootStats;
    try {
      rootStats = await lstat(root.path);
    } catch {
      missing.push(root.path);
      continue;
    }
    if (!rootStats.isDirectory()) {
      // A single watched file costs one watch on its folder.
      fileParents.add(dirname(root.path));
      continue;
    }
    const pending = [root.path];
    while (pending.length > 0) {
      const folder = pending.pop() as string;
      if (seen.has(folder)) continue;
      if (seen.size >= limit) {
        truncated = true;
        break;
      }
      seen.add(folder);
      let entries: Dirent[];
      try {
        entries = await readdir(folder, { withFileTypes: true });
      } catch {
        continue;
      }
      for (const entry of entries) {
        if (!entry.isDirectory()) continue;
        const child = join(folder, entry.name);
        if (!isIgnored(toPosix(relative(root.path, child)))) pending.push(child);
      }
    }
  }
  const extraFolders = [...fileParents].filter((folder) => !seen.has(folder)).length;
  return { folders: seen.size + extraFolders, truncated, missing };
};
