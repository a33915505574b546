// Which build of the CLI runs a command line. `dev config` runs from the one-module bundle
// that `pnpm build` writes (dist/cli/config-bundle.js, see
// packages/schema/scripts/build-config-bundle.mjs) while every file it was made from is
// unchanged; anything else, and a missing or out-of-date bundle, runs the modules themselves.

import type { runCli } from '../cli/main.js';

export interface Cli {
  runCli: typeof runCli;
}

/** A bundle's inputs: each file with its size and modification time when it was bundled. */
export type BundleInputs = ReadonlyArray<readonly [path: string, size: number, mtimeMs: number]>;

type StatFile = (path: string) => { size: number; mtimeMs: number } | undefined;

const statFile: StatFile = (path) =>
  // Not `import ... from 'node:fs'`: that ESM import also loads streams and readline (~4 ms).
  process.getBuiltinModule('node:fs').statSync(path, { throwIfNoEntry: false });

/** Whether every input still has the size and modification time it was bundled with. */
export const bundleIsCurrent = (inputs: BundleInputs, stat: StatFile = statFile): boolean =>
  inputs.every(([path, size, mtimeMs]) => {
    const now = stat(path);
    return now !== undefined && now.size === size && now.mtimeMs === mtimeMs;
  });

const bundleSpecifier = '../cli/config-bundle.js';

export const loadCli = async (argv: readonly string[]): Promise<Cli> => {
  if (argv.includes('config')) {
    try {
      const bundle = (await import(bundleSpecifier)) as Cli & { inputs: BundleInputs };
      if (bundleIsCurrent(bundle.inputs)) return bundle;
    } catch {
      // No bundle (only `tsc -b` ran): the modules themselves.
    }
  }
  return import('../cli/main.js');
};
