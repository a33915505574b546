// Each service's resolved environment: its env_file entries in order, then `environment`
// on top; a bare `NAME` takes its value from the loader's environment, else stays unset (null).
import type { ConfigIssue } from '../model.js';
import { issueAt } from '../issues.js';
import type { SourceMap } from '../source-map.js';
import { type TreeMap, isList, isMap } from '../tree.js';
import { parseDotenv } from './dotenv.js';
import type { Lookup } from './interpolate.js';

export interface EnvironmentOutput {
  tree: TreeMap;
  issues: ConfigIssue[];
}

export const resolveEnvironments = (
  tree: TreeMap,
  sourceMap: SourceMap,
  readText: (file: string) => string | undefined,
  lookup: Lookup,
): EnvironmentOutput => {
  const issues: ConfigIssue[] = [];
  const services: TreeMap = {};
  for (const [name, definition] of Object.entries(isMap(tree.services) ? tree.services : {})) {
    if (!isMap(definition)) {
      services[name] = definition;
      continue;
    }
    const environment: TreeMap = {};
    const envFiles = isList(definition.env_file) ? definition.env_file : [];
    envFiles.forEach((entry, index) => {
      if (!isMap(entry) || typeof entry.path !== 'string') return;
      const path = ['services', name, 'env_file', index];
      const text = readText(entry.path);
      if (text === undefined) {
        if (entry.required !== false) {
          issues.push(
            issueAt(sourceMap.locate(path), path, {
              code: 'env-file-missing',
              message: `env file ${entry.path} not found`,
              hint: 'create the file, or mark it optional with "required: false"',
            }),
          );
        }
        return;
      }
      const parsed = parseDotenv(text, (variable) => (environment[variable] as string | undefined) ?? lookup(variable));
      if (parsed.error !== undefined) {
        issues.push(
          issueAt({ file: entry.path, line: parsed.error.line, column: parsed.error.column }, path, {
            code: 'env-file-syntax',
            message: parsed.error.message,
          }),
        );
      }
      Object.assign(environment, parsed.values);
    });
    const declared = isMap(definition.environment) ? definition.environment : {};
    for (const [variable, value] of Object.entries(declared)) {
      environment[variable] = value === null ? (lookup(variable) ?? null) : value;
    }
    const { env_file: _envFile, ...rest } = definition;
    services[name] = { ...rest, environment };
  }
  return { tree: { ...tree, services }, issues };
};
