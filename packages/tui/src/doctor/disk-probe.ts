// Free space of the file system holding a path, with statfs.
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';

export interface DiskSpace {
  /** The path actually measured (the nearest existing ancestor of the one asked for). */
  measuredPath: string;
  freeBytes: number;
  totalBytes: number;
}

export type DiskProbe = (path: string) => Promise<DiskSpace>;

export const statDiskSpace: DiskProbe = async (path) => {
  let current = path;
  for (;;) {
    try {
      const stats = await statfs(current);
      return { measuredPath: current, freeBytes: stats.bavail * stats.bsize, totalBytes: stats.blocks * stats.bsize };
    } catch (error) {
      const parent = dirname(current);
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT' || parent === current) throw error;
      current = parent;
    }
  }
};
