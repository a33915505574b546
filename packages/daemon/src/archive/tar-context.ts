// Tar streams for the engine: a build context from a list of files on disk, and small
// archives built from in-memory entries (injected secrets and configs). The only module
// of the build path that imports tar-stream.

import { createReadStream } from 'node:fs';
import { PassThrough, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tarStream from 'tar-stream';

export interface TarFileEntry {
  /** Path inside the archive, POSIX separators, no leading slash. */
  name: string;
  type: 'file' | 'directory' | 'symlink';
  /** Absolute path on disk, for files. */
  absolutePath?: string;
  size: number;
  mode: number;
  mtime: Date;
  linkTarget?: string;
}

export interface TarMemoryEntry {
  name: string;
  content: Buffer;
  mode?: number;
  uid?: number;
  gid?: number;
}

/** Streams the listed files from disk as a tar archive, one after another. */
export const createTarFromFiles = (entries: readonly TarFileEntry[]): Readable => {
  const pack = tarStream.pack();
  const output = new PassThrough();
  pack.pipe(output);
  const writeAll = async (): Promise<void> => {
    for (const entry of entries) {
      const header = { name: entry.name, mode: entry.mode & 0o7777, mtime: entry.mtime };
      if (entry.type === 'directory') {
        await new Promise<void>((resolve, reject) =>
          pack.entry({ ...header, type: 'directory' }, (error) => (error ? reject(error) : resolve())),
        );
      } else if (entry.type === 'symlink') {
        await new Promise<void>((resolve, reject) =>
          pack.entry({ ...header, type: 'symlink', linkname: entry.linkTarget ?? '' }, (error) =>
            error ? reject(error) : resolve(),
          ),
        );
      } else {
        const sink = pack.entry({ ...header, type: 'file', size: entry.size });
        await pipeline(createReadStream(entry.absolutePath ?? ''), sink);
      }
    }
    pack.finalize();
  };
  writeAll().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
};

/** A tar archive of in-memory files. */
export const createTarFromEntries = (entries: readonly TarMemoryEntry[]): Readable => {
  const pack = tarStream.pack();
  for (const entry of entries) {
    pack.entry(
      {
        name: entry.name,
        mode: entry.mode ?? 0o644,
        uid: entry.uid ?? 0,
        gid: entry.gid ?? 0,
        mtime: new Date(0),
        size: entry.content.length,
      },
      entry.content,
    );
  }
  pack.finalize();
  const output = new PassThrough();
  pack.pipe(output);
  return output;
};

/** The names of the entries in a tar stream, in order (for checks and tests). */
export const listTarEntries = async (tar: Readable): Promise<string[]> => {
  const extract = tarStream.extract();
  const names: string[] = [];
  extract.on('entry', (header, stream, next) => {
    names.push(header.name);
    stream.on('end', next);
    stream.resume();
  });
  await pipeline(tar, extract);
  return names;
};
