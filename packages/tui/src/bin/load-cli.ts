// Which build of the CLI runs a command line. `dev config` runs from the one-module bundle
// that `pnpm build` writes (dist/cli/config-bundle.js, see
// packages/schema/scripts/build-config-bundle.mjs) while every file it was made from is
// unchanged; anything else, and a missing or out-of-date bundle, runs the modules themselves
// (so does DEVUP_CONFIG_BUNDLE=0).
//
// The bundle is a classic script run with its own V8 code cache, kept in Node's compile cache
// folder and written after the first run, so it holds every function that run compiled (Node's
// cache of a module holds only what V8 compiles up front; the rest compiles again each run).
// Built-in modules come through process.getBuiltinModule: an ESM import of node:fs also loads
// streams and readline (~4 ms).

import { fileURLToPath } from 'node:url';
import type { runCli } from '../cli/main.js';

export interface Cli {
  runCli: typeof runCli;
  /** Ends the process with `code` once what was written has reached stdout and stderr. */
  exit: (code: number) => void;
}

/** A bundle's inputs: each file with its size and modification time when it was bundled. */
export type BundleInputs = ReadonlyArray<readonly [path: string, size: number, mtimeMs: number]>;

type StatFile = (path: string) => { size: number; mtimeMs: number } | undefined;

interface Bundle {
  runCli: typeof runCli;
  inputs: BundleInputs;
  /** Whether process.stdout or process.stderr took output (else every write was synchronous). */
  usedStreams: () => boolean;
}

/** Exits once the streams have flushed what was written to them (pipes are asynchronous). */
const flushAndExit = (code: number): void => {
  process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
};

type BundleFactory = (context: { url: string; importModule: (specifier: string) => Promise<unknown> }) => Bundle;

const fs = () => process.getBuiltinModule('node:fs');

const statFile: StatFile = (path) => fs().statSync(path, { throwIfNoEntry: false });

/** Whether every input still has the size and modification time it was bundled with. */
export const bundleIsCurrent = (inputs: BundleInputs, stat: StatFile = statFile): boolean =>
  inputs.every(([path, size, mtimeMs]) => {
    const now = stat(path);
    return now !== undefined && now.size === size && now.mtimeMs === mtimeMs;
  });

/** FNV-1a of a string, in hex: tells apart the bundles of two checkouts in one cache folder. */
const hashOf = (text: string): string => {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index += 1) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
};

/**
 * The name of a bundle's code cache in Node's compile cache folder: which bundle (its path),
 * then which build of it (its size and time), so a rebuilt bundle never reads an older cache.
 */
export const codeCacheName = (bundlePath: string, bundle: { size: number; mtimeMs: number }) =>
  `devup-config-bundle-${hashOf(bundlePath)}-${bundle.size}-${Math.round(bundle.mtimeMs)}`;

const readOrUndefined = (path: string): Buffer | undefined => {
  try {
    return fs().readFileSync(path);
  } catch {
    return undefined;
  }
};

/**
 * Writes the code cache whole or not at all (a rename), and removes the caches of this bundle's
 * earlier builds; a cache folder that cannot be written is left as it is.
 */
const writeCodeCache = (cacheDir: string, name: string, data: Buffer): void => {
  const partial = `${cacheDir}/${name}.${process.pid}.tmp`;
  try {
    fs().writeFileSync(partial, data);
    fs().renameSync(partial, `${cacheDir}/${name}`);
    const sameBundle = name.split('-').slice(0, 4).join('-');
    for (const entry of fs().readdirSync(cacheDir)) {
      if (entry.startsWith(`${sameBundle}-`) && entry !== name && !entry.endsWith('.tmp')) {
        fs().rmSync(`${cacheDir}/${entry}`, { force: true });
      }
    }
  } catch {
    fs().rmSync(partial, { force: true });
  }
};

const loadBundle = (): Cli | undefined => {
  const bundleUrl = new URL('../cli/config-bundle.js', import.meta.url);
  const bundlePath = fileURLToPath(bundleUrl);
  const bundleStat = statFile(bundlePath);
  if (bundleStat === undefined) return undefined;
  const cacheDir = process.getBuiltinModule('node:module').getCompileCacheDir();
  const cacheName = codeCacheName(bundlePath, bundleStat);
  const cachedData = cacheDir === undefined ? undefined : readOrUndefined(`${cacheDir}/${cacheName}`);
  const vm = process.getBuiltinModule('node:vm');
  // The bundle is ASCII: latin1 reads it exactly, without decoding UTF-8.
  const script = new vm.Script(fs().readFileSync(bundlePath, 'latin1'), {
    filename: bundlePath,
    ...(cachedData === undefined ? {} : { cachedData }),
  });
  const bundle = (script.runInThisContext() as BundleFactory)({
    url: bundleUrl.href,
    importModule: (specifier) => import(new URL(specifier, bundleUrl).href),
  });
  if (!bundleIsCurrent(bundle.inputs)) return undefined;
  const keepCache = cacheDir !== undefined && (cachedData === undefined || script.cachedDataRejected === true);
  return {
    runCli: async (...args) => {
      try {
        return await bundle.runCli(...args);
      } finally {
        if (keepCache) writeCodeCache(cacheDir, cacheName, script.createCachedData());
      }
    },
    exit: (code) => (bundle.usedStreams() ? flushAndExit(code) : process.exit(code)),
  };
};

/** Runs the bundle for `dev config` unless DEVUP_CONFIG_BUNDLE=0 (to compare, or to rule it out). */
export const loadCli = async (argv: readonly string[]): Promise<Cli> => {
  if (argv.includes('config') && process.env['DEVUP_CONFIG_BUNDLE'] !== '0') {
    try {
      const bundle = loadBundle();
      if (bundle !== undefined) return bundle;
    } catch {
      // An unreadable or broken bundle: the modules themselves.
    }
  }
  const { runCli } = await import('../cli/main.js');
  return { runCli, exit: flushAndExit };
};
