// Reading files into one merged tree: per file parse -> interpolate -> extends -> resolve
// paths -> include; then the files merged in order. The only I/O is `readText`.
import { dirname, relative } from 'node:path';
import type { LoadedDocument } from './document.js';
import type { ConfigIssue } from './model.js';
import { issueAt } from './issues.js';
import { parseDotenv } from './phases/dotenv.js';
import { applyExtends } from './phases/extends.js';
import { applyInclude } from './phases/include.js';
import { type Lookup, interpolateTree } from './phases/interpolate.js';
import { mergeTrees, stripResets, tagLookupFrom } from './phases/merge.js';
import { parseYaml } from './phases/parse.js';
import { resolveHostPath, resolveRelativePaths } from './phases/resolve-paths.js';
import { SourceMap } from './source-map.js';
import { type TreeMap, isMap } from './tree.js';

/** Text of a file, or undefined when it does not exist. */
export type ReadText = (file: string) => string | undefined;

export interface FileLoadContext {
  readText: ReadText;
  /** The process environment as passed in (never process.env). */
  env: Record<string, string | undefined>;
  /** Interpolation values: the environment over the env files. */
  lookup: Lookup;
  home: string | undefined;
  /** Files being loaded through include, outermost first (cycle detection). */
  includeStack: string[];
}

const emptyDocument = (file: string, issues: ConfigIssue[]): LoadedDocument => ({
  tree: {},
  sourceMap: new SourceMap({ file, line: 1, column: 1 }),
  tags: new Map(),
  issues,
});

/** Values of env files (later files win), with `lookup` consulted for substitutions. */
export const readEnvFiles = (
  files: string[],
  readText: ReadText,
  lookup: Lookup,
  issues: ConfigIssue[],
  required: boolean,
): Record<string, string> => {
  const values: Record<string, string> = {};
  for (const file of files) {
    const text = readText(file);
    if (text === undefined) {
      if (required) {
        issues.push(
          issueAt({ file, line: 1, column: 1 }, '', {
            code: 'env-file-missing',
            message: `env file ${file} not found`,
          }),
        );
      }
      continue;
    }
    const parsed = parseDotenv(text, (name) => values[name] ?? lookup(name));
    if (parsed.error !== undefined) {
      issues.push(
        issueAt({ file, line: parsed.error.line, column: parsed.error.column }, '', {
          code: 'env-file-syntax',
          message: parsed.error.message,
        }),
      );
    }
    Object.assign(values, parsed.values);
  }
  return values;
};

/** One file through parse, interpolate, extends, path resolution and include. */
export const loadDocument = (
  file: string,
  baseDirectory: string,
  context: FileLoadContext,
): LoadedDocument | 'missing' => {
  const text = context.readText(file);
  if (text === undefined) return 'missing';
  const parsed = parseYaml(text, file);
  if (parsed.issues.length > 0) return { ...emptyDocument(file, parsed.issues), sourceMap: parsed.sourceMap };
  if (parsed.tree === null) {
    return emptyDocument(file, [
      issueAt({ file, line: 1, column: 1 }, '', {
        code: 'empty-file',
        message: 'empty compose file',
        hint: 'define at least one service under "services:"',
      }),
    ]);
  }
  if (!isMap(parsed.tree)) {
    return emptyDocument(file, [
      issueAt(parsed.sourceMap.locate([]), '', {
        code: 'top-level-type',
        message: 'the top level of a compose file must be a mapping (services:, volumes:, ...)',
      }),
    ]);
  }
  const interpolated = interpolateTree({ tree: parsed.tree, sourceMap: parsed.sourceMap, lookup: context.lookup });
  let document: LoadedDocument = {
    tree: interpolated.tree as TreeMap,
    sourceMap: parsed.sourceMap,
    tags: parsed.tags,
    issues: interpolated.issues,
  };
  const fileDirectory = dirname(file);
  const otherFiles = new Map<string, LoadedDocument | 'missing'>();
  document = applyExtends(document, (reference) => {
    const otherFile = resolveHostPath(reference, { directory: fileDirectory, home: context.home });
    const cached = otherFiles.get(otherFile);
    if (cached !== undefined) return cached;
    if (otherFile === file) return { ...document, issues: [] };
    const loaded = loadDocument(otherFile, dirname(otherFile), context);
    otherFiles.set(otherFile, loaded);
    return loaded;
  });
  document = {
    ...document,
    tree: resolveRelativePaths(document.tree, { directory: baseDirectory, home: context.home }) as TreeMap,
  };
  document = applyInclude(document, fileDirectory, context.home, (request) => {
    const cycle = request.files.find((included) => context.includeStack.includes(included) || included === file);
    if (cycle !== undefined) return { error: `include cycle: ${[...context.includeStack, file, cycle].join(' -> ')}` };
    const issues: ConfigIssue[] = [];
    const envFiles = request.envFiles.length > 0 ? request.envFiles : [`${request.projectDirectory}/.env`];
    const values = readEnvFiles(
      envFiles,
      context.readText,
      (name) => context.env[name],
      issues,
      request.envFiles.length > 0,
    );
    const includedContext: FileLoadContext = {
      ...context,
      lookup: (name) => context.env[name] ?? values[name],
      includeStack: [...context.includeStack, file],
    };
    const loaded = loadFileSet(request.files, request.projectDirectory, includedContext);
    if ('missing' in loaded) return { error: `included file ${relative(fileDirectory, loaded.missing)} not found` };
    return { ...loaded, issues: [...issues, ...loaded.issues] };
  });
  return document;
};

/** Several files merged by the override rules (the first file's `!reset` nodes removed). */
export const loadFileSet = (
  files: string[],
  baseDirectory: string,
  context: FileLoadContext,
): LoadedDocument | { missing: string } => {
  let merged: LoadedDocument | undefined;
  for (const file of files) {
    const loaded = loadDocument(file, baseDirectory, context);
    if (loaded === 'missing') return { missing: file };
    if (merged === undefined) {
      const tree = stripResets(loaded.tree, tagLookupFrom(loaded.tags)) as TreeMap;
      merged = { ...loaded, tree };
      continue;
    }
    const tree = mergeTrees(merged.tree, loaded.tree, tagLookupFrom(loaded.tags)) as TreeMap;
    merged.sourceMap.absorb(loaded.sourceMap);
    merged = { tree, sourceMap: merged.sourceMap, tags: new Map(), issues: [...merged.issues, ...loaded.issues] };
  }
  return merged ?? emptyDocument(baseDirectory, []);
};
