// Which files make the project when none is named: `dev.yaml`, else Compose's names, looked
// up from the folder upwards, plus the matching override file; and the production files a
// `dev.yaml` names under `x-dev.production`, loaded before it.
import { dirname, join, resolve } from 'node:path';
import { parseYaml } from './phases/parse.js';
import type { SourceLocation } from './source-map.js';
import { isList, isMap } from './tree.js';

const candidates: Array<{ name: string; overrides: string[] }> = [
  { name: 'dev.yaml', overrides: [] },
  { name: 'compose.yaml', overrides: ['compose.override.yaml', 'compose.override.yml'] },
  { name: 'compose.yml', overrides: ['compose.override.yml', 'compose.override.yaml'] },
  { name: 'docker-compose.yaml', overrides: ['docker-compose.override.yaml', 'docker-compose.override.yml'] },
  { name: 'docker-compose.yml', overrides: ['docker-compose.override.yml', 'docker-compose.override.yaml'] },
];

export const discoverFiles = (startDirectory: string, readText: (file: string) => string | undefined): string[] => {
  let directory = resolve(startDirectory);
  for (;;) {
    for (const candidate of candidates) {
      const file = join(directory, candidate.name);
      if (readText(file) === undefined) continue;
      const override = candidate.overrides
        .map((name) => join(directory, name))
        .find((path) => readText(path) !== undefined);
      return override === undefined ? [file] : [file, override];
    }
    const parent = dirname(directory);
    if (parent === directory) return [];
    directory = parent;
  }
};

export interface ProductionFile {
  file: string;
  /** Where `x-dev.production` names it. */
  location: SourceLocation;
  path: Array<string | number>;
}

/** The files listed under `x-dev.production` in `file` (absolute), with where each is named. */
export const productionFilesOf = (file: string, readText: (file: string) => string | undefined): ProductionFile[] => {
  const text = readText(file);
  if (text === undefined || !text.includes('x-dev')) return [];
  const parsed = parseYaml(text, file);
  if (!isMap(parsed.tree)) return [];
  const dev = parsed.tree['x-dev'];
  if (!isMap(dev) || !isList(dev.production)) return [];
  return dev.production.flatMap((entry, index) => {
    if (typeof entry !== 'string') return [];
    const path = ['x-dev', 'production', index];
    return [{ file: resolve(dirname(file), entry), location: parsed.sourceMap.locate(path), path }];
  });
};
