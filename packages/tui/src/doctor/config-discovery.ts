// Whether there is a project to check at all: explicit files, or a configuration file in the
// folder or one of its parents, as the loader discovers them.
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

export const configFileNames = ['dev.yaml', 'compose.yaml', 'compose.yml', 'docker-compose.yaml', 'docker-compose.yml'];

/** The folder holding the first configuration file found from `cwd` upwards, or undefined. */
export const findConfigFolder = (cwd: string, exists: (path: string) => boolean = existsSync): string | undefined => {
  let folder = cwd;
  for (;;) {
    if (configFileNames.some((name) => exists(join(folder, name)))) return folder;
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
};
