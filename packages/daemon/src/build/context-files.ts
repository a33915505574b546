// The files of a build context, with .dockerignore applied, sorted by path. The
// Dockerfile and .dockerignore are always sent, as the docker CLI does.

import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { TarFileEntry } from '../archive/tar-context.js';
import { isIgnored, mayContainIncluded, parseDockerignore } from './dockerignore.js';

const toPosix = (path: string): string => path.split(sep).join('/');

/** Name given to a Dockerfile from outside the context, which is then sent inside it. */
export const outsideDockerfileName = '.devup.Dockerfile';

/** The Dockerfile's path inside the context tar, and its place on disk when it lies outside the context. */
export const locateDockerfile = (contextDir: string, dockerfile: string): { name: string; outsidePath?: string } => {
  const absolute = resolve(contextDir, dockerfile);
  const inside = relative(contextDir, absolute);
  if (inside.startsWith('..') || isAbsolute(inside)) return { name: outsideDockerfileName, outsidePath: absolute };
  return { name: toPosix(inside) };
};

export const listContextFiles = async (contextDir: string, dockerfile: string): Promise<TarFileEntry[]> => {
  const ignoreText = await readFile(join(contextDir, '.dockerignore'), 'utf8').catch(() => '');
  const patterns = parseDockerignore(ignoreText);
  const located = locateDockerfile(contextDir, dockerfile);
  const alwaysSent = new Set(['.dockerignore', located.name]);
  const entries: TarFileEntry[] = [];

  const walk = async (dir: string): Promise<void> => {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const absolutePath = join(dir, name);
      const relativePath = toPosix(relative(contextDir, absolutePath));
      const stats = await lstat(absolutePath);
      const ignored = isIgnored(relativePath, patterns) && !alwaysSent.has(relativePath);
      if (stats.isDirectory()) {
        if (!ignored)
          entries.push({ name: relativePath, type: 'directory', size: 0, mode: stats.mode, mtime: stats.mtime });
        if (!ignored || mayContainIncluded(relativePath, patterns)) await walk(absolutePath);
      } else if (!ignored && stats.isSymbolicLink()) {
        entries.push({
          name: relativePath,
          type: 'symlink',
          size: 0,
          mode: stats.mode,
          mtime: stats.mtime,
          linkTarget: await readlink(absolutePath),
        });
      } else if (!ignored && stats.isFile()) {
        entries.push({
          name: relativePath,
          type: 'file',
          absolutePath,
          size: stats.size,
          mode: stats.mode,
          mtime: stats.mtime,
        });
      }
    }
  };
  await walk(contextDir);
  if (located.outsidePath !== undefined) {
    const stats = await lstat(located.outsidePath);
    entries.push({
      name: located.name,
      type: 'file',
      absolutePath: located.outsidePath,
      size: stats.size,
      mode: stats.mode,
      mtime: stats.mtime,
    });
  }
  return entries;
};
