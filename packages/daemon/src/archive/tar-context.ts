// Tar streams for the engine: a build context from a list of files on disk, and small
// archives built from in-memory entries (injected secrets and configs). The only module
// of the build path that imports tar-stream.

import { type FileHandle, open } from 'node:fs/promises';
import { PassThrough, Readable } from 'node:stream';
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
        await writeFileEntry(pack, header, entry.absolutePath ?? '');
      }
    }
    pack.finalize();
  };
  pack.on('error', (error: Error) => output.destroy(error));
  writeAll().catch((error: unknown) => output.destroy(error instanceof Error ? error : new Error(String(error))));
  return output;
};

/** Yields exactly `size` bytes of the file: cut when it grew, padded with zeros when it shrank. */
async function* readExactly(handle: FileHandle, size: number): AsyncGenerator<Buffer> {
  let position = 0;
  while (position < size) {
    const chunk = Buffer.alloc(Math.min(1024 * 1024, size - position));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, position);
    const piece = bytesRead > 0 ? chunk.subarray(0, bytesRead) : chunk;
    position += piece.length;
    yield piece;
  }
}

/** Files up to this size are read whole before their header is written. */
const WHOLE_READ_LIMIT = 16 * 1024 * 1024;

/**
 * Writes one file. The size in the header is the size of the file as opened, and exactly
 * that many bytes follow, so a file written to while the context is being sent (an editor
 * saving during a build) never breaks the archive: small files are read whole first; a
 * large one is cut to, or padded up to, the size it had when it was opened.
 */
async function writeFileEntry(
  pack: tarStream.Pack,
  header: { name: string; mode: number; mtime: Date },
  absolutePath: string,
): Promise<void> {
  const handle = await open(absolutePath, 'r');
  try {
    const { size } = await handle.stat();
    if (size <= WHOLE_READ_LIMIT) {
      const content = await handle.readFile();
      await new Promise<void>((resolve, reject) =>
        pack.entry({ ...header, type: 'file', size: content.length }, content, (error) =>
          error ? reject(error) : resolve(),
        ),
      );
      return;
    }
    const sink = pack.entry({ ...header, type: 'file', size });
    await pipeline(Readable.from(readExactly(handle, size)), sink);
  } finally {
    await handle.close();
  }
}

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
