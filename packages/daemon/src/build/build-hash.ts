// A content hash of everything a build reads: the context's files (paths, modes,
// contents, link targets), the Dockerfile path, the args and the target. Stored as a
// label on the built image, it lets an unchanged build be skipped.

import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { TarFileEntry } from '../archive/tar-context.js';
import type { DesiredBuild } from '../reconcile/desired.js';
import { listContextFiles } from './context-files.js';

const hashFile = (path: string): Promise<string> =>
  new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });

export const hashBuildInput = async (
  entries: readonly TarFileEntry[],
  build: Pick<DesiredBuild, 'dockerfile' | 'args' | 'target'>,
): Promise<string> => {
  const hash = createHash('sha256');
  hash.update(
    JSON.stringify({
      dockerfile: build.dockerfile,
      args: Object.entries(build.args).sort(),
      target: build.target ?? null,
    }),
  );
  for (const entry of entries) {
    const content = entry.type === 'file' ? await hashFile(entry.absolutePath ?? '') : (entry.linkTarget ?? '');
    hash.update(`\n${entry.type} ${entry.name} ${(entry.mode & 0o777).toString(8)} ${content}`);
  }
  return hash.digest('hex');
};

/** The build hash of each service that builds, keyed by service name. */
export const hashBuilds = async (builds: Record<string, DesiredBuild>): Promise<Record<string, string>> => {
  const hashed = await Promise.all(
    Object.entries(builds).map(async ([serviceName, build]) => {
      const entries = await listContextFiles(build.context, build.dockerfile);
      return [serviceName, await hashBuildInput(entries, build)] as const;
    }),
  );
  return Object.fromEntries(hashed);
};
