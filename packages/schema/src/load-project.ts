// loadProject: Compose's project options -> files -> the phases of PIPELINE.md -> one Project,
// or every issue found. Reads files; no other side effect.
import { readFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import type { ConfigIssue, Project } from './model.js';
import { hasErrors, issueAt, tidyIssues } from './issues.js';
import { discoverFiles, productionFilesOf } from './discover-files.js';
import { type FileLoadContext, loadFileSet, readEnvFiles } from './load-files.js';
import { canonicalizeTree } from './phases/canonical.js';
import { checkSelectedServices, checkServiceGraph } from './phases/cross-checks.js';
import { applyDefaults } from './phases/defaults.js';
import { resolveEnvironments } from './phases/environment.js';
import { selectServices } from './phases/profiles.js';
import { buildProject } from './phases/to-model.js';
import { validateTree } from './phases/validate.js';
import type { SourceLocation, SourceMap } from './source-map.js';

export interface LoadOptions {
  cwd: string;
  env: Record<string, string | undefined>;
  files?: string[];
  projectName?: string;
  projectDirectory?: string;
  envFiles?: string[];
  profiles?: string[];
  services?: string[];
}

/** Where a node of the merged configuration was written (later files win), e.g. `['services', 'web', 'image']`. */
export type LocateSource = (path: readonly (string | number)[]) => SourceLocation | undefined;

export type LoadResult =
  | { ok: true; project: Project; warnings: ConfigIssue[]; locate?: LocateSource }
  | { ok: false; issues: ConfigIssue[]; warnings: ConfigIssue[] };

const readTextFile = (file: string): string | undefined => {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
};

/** Compose's project name rules: lower case, only a-z 0-9 _ -, starting with a letter or digit. */
export const normalizeProjectName = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[^a-z0-9]+/, '');

const splitList = (value: string | undefined, separator: string | RegExp): string[] =>
  value === undefined
    ? []
    : value
        .split(separator)
        .map((entry) => entry.trim())
        .filter((entry) => entry !== '');

const finish = (issues: ConfigIssue[], workingDir: string): { errors: ConfigIssue[]; warnings: ConfigIssue[] } => {
  const located = issues.map((issue) => {
    if (!isAbsolute(issue.file)) return issue;
    const relativePath = relative(workingDir, issue.file);
    return relativePath.startsWith('..') || isAbsolute(relativePath) ? issue : { ...issue, file: relativePath };
  });
  const tidy = tidyIssues(located);
  return {
    errors: tidy.filter((issue) => issue.severity === 'error'),
    warnings: tidy.filter((issue) => issue.severity === 'warning'),
  };
};

/** The source map's answer for `path` or its nearest located ancestor; undefined when nothing of it was located. */
const locatorOf =
  (sourceMap: SourceMap): LocateSource =>
  (path) => {
    const found = sourceMap.locate(path);
    return found === sourceMap.fileStart ? undefined : { file: found.file, line: found.line, column: found.column };
  };

export const loadProject = async (options: LoadOptions): Promise<LoadResult> => {
  await Promise.resolve();
  const { cwd, env } = options;
  const issues: ConfigIssue[] = [];
  const fail = (workingDir: string): LoadResult => {
    const { errors, warnings } = finish(issues, workingDir);
    return { ok: false, issues: errors, warnings };
  };
  const explicitDirectory = options.projectDirectory === undefined ? undefined : resolve(cwd, options.projectDirectory);
  const explicitEnvFiles = (options.envFiles ?? []).map((file) => resolve(cwd, file));

  // COMPOSE_* settings may come from the environment or from the .env of the working folder.
  const earlyEnv = readEnvFiles(
    explicitEnvFiles.length > 0 ? explicitEnvFiles : [resolve(explicitDirectory ?? cwd, '.env')],
    readTextFile,
    (name) => env[name],
    [],
    false,
  );
  const setting = (name: string): string | undefined => env[name] ?? earlyEnv[name];

  const requestedFiles =
    options.files !== undefined && options.files.length > 0
      ? options.files
      : splitList(setting('COMPOSE_FILE'), setting('COMPOSE_PATH_SEPARATOR') ?? ':');
  let files: string[];
  if (requestedFiles.length > 0) {
    files = requestedFiles.map((file) => resolve(explicitDirectory ?? cwd, file));
  } else {
    const discovered = discoverFiles(explicitDirectory ?? cwd, readTextFile);
    if (discovered.length === 0) {
      issues.push(
        issueAt({ file: explicitDirectory ?? cwd, line: 1, column: 1 }, '', {
          code: 'no-config-file',
          message:
            'no configuration file found (dev.yaml, compose.yaml, compose.yml, docker-compose.yaml or docker-compose.yml)',
          hint: 'run in the folder of your project, or name the file with -f',
        }),
      );
      return fail(cwd);
    }
    files = discovered;
  }
  const productionEntries = files.flatMap((file) => productionFilesOf(file, readTextFile));
  const production = productionEntries.map((entry) => entry.file);
  files = files.flatMap((file) => [...productionFilesOf(file, readTextFile).map((entry) => entry.file), file]);
  const firstFile = files[0] ?? cwd;
  const workingDir = explicitDirectory ?? dirname(firstFile);

  // Interpolation values: the environment over the env files of the project folder.
  const envValues =
    explicitEnvFiles.length > 0
      ? readEnvFiles(explicitEnvFiles, readTextFile, (name) => env[name], issues, true)
      : readEnvFiles([resolve(workingDir, '.env')], readTextFile, (name) => env[name], issues, false);
  const lookup = (name: string): string | undefined => env[name] ?? envValues[name];
  const context: FileLoadContext = { readText: readTextFile, env, lookup, home: env.HOME, includeStack: [] };

  const loaded = loadFileSet(files, workingDir, context);
  const missingProduction =
    'missing' in loaded ? productionEntries.find((entry) => entry.file === loaded.missing) : undefined;
  if (missingProduction !== undefined) {
    issues.push(
      issueAt(missingProduction.location, missingProduction.path, {
        code: 'file-not-found',
        message: `production file ${relative(dirname(missingProduction.location.file), missingProduction.file)} not found`,
        hint: 'list the production compose files relative to this file',
      }),
    );
    return fail(workingDir);
  }
  if ('missing' in loaded) {
    issues.push(
      issueAt({ file: loaded.missing, line: 1, column: 1 }, '', {
        code: 'file-not-found',
        message: `file not found: ${loaded.missing}`,
        hint: 'check the path given with -f or COMPOSE_FILE',
      }),
    );
    return fail(workingDir);
  }
  issues.push(...loaded.issues);
  if (hasErrors(issues)) return fail(workingDir);
  const { tree, sourceMap } = loaded;

  issues.push(...validateTree(tree, sourceMap).issues);
  if (hasErrors(issues)) return fail(workingDir);

  const projectName = normalizeProjectName(
    options.projectName ??
      setting('COMPOSE_PROJECT_NAME') ??
      (typeof tree.name === 'string' ? tree.name : basename(workingDir)),
  );
  const canonical = canonicalizeTree(tree, sourceMap);
  issues.push(...canonical.issues);
  const environments = resolveEnvironments(canonical.tree, sourceMap, readTextFile, lookup);
  issues.push(...environments.issues);
  const withDefaults = applyDefaults(environments.tree, projectName);
  const model = buildProject({
    tree: withDefaults,
    sourceMap,
    workingDir,
    configFiles: files,
    production,
    profiles: [],
  });
  issues.push(...model.warnings);
  issues.push(...checkServiceGraph(model.project, sourceMap));
  const profiles =
    options.profiles !== undefined && options.profiles.length > 0
      ? options.profiles
      : splitList(setting('COMPOSE_PROFILES'), ',');
  const selection = selectServices({ project: model.project, sourceMap, profiles, services: options.services ?? [] });
  issues.push(...selection.issues);
  issues.push(...checkSelectedServices(selection.project, sourceMap));
  if (hasErrors(issues)) return fail(workingDir);
  const { warnings } = finish(issues, workingDir);
  return { ok: true, project: selection.project, warnings, locate: locatorOf(sourceMap) };
};
