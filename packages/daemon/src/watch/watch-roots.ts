// Which folders to watch for a project: every watch rule's path and every `restart_on`
// folder, reduced to the fewest roots. A rule on a single file watches its folder's own
// entries only (depth 0).

import { dirname } from 'node:path';
import type { Project } from '@devup/schema';
import { relativeInside } from '../sync/safe-paths.js';

export interface WatchRoot {
  path: string;
  /** 0 for a folder watched for a single file's sake; undefined = the whole tree. */
  depth?: number;
}

/** `isFolder` tells whether a configured path is a folder (missing paths count as folders). */
export function planWatchRoots(project: Project, isFolder: (path: string) => boolean): WatchRoot[] {
  const wanted: WatchRoot[] = [];
  for (const service of Object.values(project.services)) {
    for (const rule of service.develop?.watch ?? []) {
      wanted.push(isFolder(rule.path) ? { path: rule.path } : { path: dirname(rule.path), depth: 0 });
    }
    for (const folder of service.dev.restart_on) wanted.push({ path: folder });
  }
  const trees = wanted.filter((root) => root.depth === undefined).map((root) => root.path);
  const coveredByTree = (path: string, self?: string) =>
    trees.some(
      (tree) => tree !== self && relativeInside(tree, path) !== undefined && (tree !== path || self === undefined),
    );
  const roots = new Map<string, WatchRoot>();
  for (const root of wanted) {
    if (root.depth === undefined) {
      if (trees.some((tree) => tree !== root.path && relativeInside(tree, root.path) !== undefined)) continue;
    } else if (coveredByTree(root.path)) {
      continue;
    }
    const key = `${root.path}\0${root.depth ?? ''}`;
    roots.set(key, root);
  }
  return [...roots.values()].sort((left, right) => left.path.localeCompare(right.path));
}
