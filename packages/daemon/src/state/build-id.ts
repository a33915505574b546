// Which build of devd a file tree holds: the package version plus the size and time of
// the compiler's build records (daemon and schema) and of the devd entry script. A CLI
// and a devd computed from the same tree agree; a rebuild changes the id, so a CLI can
// tell that the devd it talks to runs code from before the rebuild. A few stats, no
// hashing of the tree: it runs on every command.

import { readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Overrides the computed id in devd and the CLI alike (tests start a devd "of another build" with it). */
export const BUILD_ID_ENV = 'DEVUP_BUILD_ID';

const fnv1a = (text: string): string => {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
};

const fileMark = (path: string): string => {
  try {
    const stats = statSync(path);
    return `${stats.size}:${Math.round(stats.mtimeMs)}`;
  } catch {
    return '-';
  }
};

/** The build id of the devd at `devdPath` (…/packages/daemon/dist/bin/devd.js). */
export const computeBuildId = (devdPath: string): string => {
  const packageDir = dirname(dirname(dirname(devdPath)));
  let version = '0.0.0';
  try {
    version =
      (JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8')) as { version?: string }).version ?? version;
  } catch {
    // no package.json beside the build: the marks alone identify it
  }
  const marks = [
    join(packageDir, 'tsconfig.tsbuildinfo'),
    join(packageDir, 'node_modules', '@devup', 'schema', 'tsconfig.tsbuildinfo'),
    devdPath,
  ].map(fileMark);
  return `${version}+${fnv1a(marks.join('|'))}`;
};

/** The id a process reports for the devd at `devdPath`: the override from the environment, else the computed one. */
export const buildIdFor = (devdPath: string, env: Record<string, string | undefined>): string => {
  const override = env[BUILD_ID_ENV];
  return override !== undefined && override !== '' ? override : computeBuildId(devdPath);
};
