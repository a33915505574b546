// Phase 3a, include: top-level `include:` entries load other projects (each with its own
// project directory and env files) and add their services, networks, volumes, secrets and
// configs. A resource defined differently on both sides is a conflict, as in Compose.
import { dirname } from 'node:path';
import type { LoadedDocument } from '../document.js';
import type { ConfigIssue } from '../model.js';
import { issueAt } from '../issues.js';
import { type Tree, type TreeMap, isList, isMap } from '../tree.js';
import { resolveHostPath } from './resolve-paths.js';

export interface IncludeRequest {
  files: string[];
  projectDirectory: string;
  envFiles: string[];
}

/** Loads an included project, or explains why it cannot be loaded. */
export type LoadIncluded = (request: IncludeRequest) => LoadedDocument | { error: string };

const sections = ['services', 'networks', 'volumes', 'secrets', 'configs'] as const;

const toStrings = (value: Tree | undefined): string[] =>
  typeof value === 'string'
    ? [value]
    : isList(value)
      ? value.filter((item): item is string => typeof item === 'string')
      : [];

const sameTree = (left: Tree | undefined, right: Tree | undefined): boolean =>
  JSON.stringify(left) === JSON.stringify(right);

export const applyInclude = (
  document: LoadedDocument,
  fileDirectory: string,
  home: string | undefined,
  loadIncluded: LoadIncluded,
): LoadedDocument => {
  const entries = document.tree.include;
  if (entries === undefined) return document;
  const { include: _removed, ...rest } = document.tree;
  const tree: TreeMap = { ...rest };
  const issues: ConfigIssue[] = [];
  if (!isList(entries)) {
    issues.push(
      issueAt(document.sourceMap.locate(['include']), ['include'], {
        code: 'include',
        message: 'include must be a list',
      }),
    );
    return { ...document, tree, issues: [...document.issues, ...issues] };
  }
  const base = { directory: fileDirectory, home };
  entries.forEach((entry, index) => {
    const path = ['include', index];
    const location = document.sourceMap.locate(path);
    const files = (isMap(entry) ? toStrings(entry.path) : toStrings(entry)).map((file) => resolveHostPath(file, base));
    const firstFile = files[0];
    if (firstFile === undefined) {
      issues.push(issueAt(location, path, { code: 'include', message: 'include entry must name a file (path)' }));
      return;
    }
    const projectDirectory =
      isMap(entry) && typeof entry.project_directory === 'string'
        ? resolveHostPath(entry.project_directory, base)
        : dirname(firstFile);
    const envFiles = isMap(entry) ? toStrings(entry.env_file).map((file) => resolveHostPath(file, base)) : [];
    const included = loadIncluded({ files, projectDirectory, envFiles });
    if ('error' in included) {
      issues.push(issueAt(location, path, { code: 'include', message: included.error }));
      return;
    }
    issues.push(...included.issues);
    for (const section of sections) {
      const incoming = included.tree[section];
      if (!isMap(incoming)) continue;
      const existing = isMap(tree[section]) ? { ...(tree[section] as TreeMap) } : {};
      for (const [name, definition] of Object.entries(incoming)) {
        if (name in existing && !sameTree(existing[name], definition)) {
          issues.push(
            issueAt(document.sourceMap.locateKey([section, name]), [section, name], {
              code: 'include-conflict',
              message: `${section}.${name} conflicts with the one defined by included file ${firstFile}`,
              hint: 'rename one of them, or extend the included definition instead',
            }),
          );
          continue;
        }
        existing[name] = definition;
        document.sourceMap.copySubtree([section, name], [section, name], included.sourceMap);
      }
      tree[section] = existing;
    }
  });
  return { ...document, tree, issues: [...document.issues, ...issues] };
};
