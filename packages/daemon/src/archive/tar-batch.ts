// One sync batch as a tar archive in memory: files, folders and symlinks with their
// modes, named relative to the container's root. The size is known before sending,
// which the framed sync channel needs.

import tarStream from 'tar-stream';

export type TarBatchEntry =
  | { type: 'file'; name: string; mode: number; mtime: Date; content: Buffer }
  | { type: 'directory'; name: string; mode: number; mtime: Date }
  | { type: 'symlink'; name: string; mode: number; mtime: Date; linkTarget: string };

export async function packTarBatch(entries: readonly TarBatchEntry[]): Promise<Buffer> {
  const pack = tarStream.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (chunk: unknown) => {
    chunks.push(chunk as Buffer);
  });
  const done = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  for (const entry of entries) {
    const header = { name: entry.name, mode: entry.mode & 0o7777, mtime: entry.mtime, uid: 0, gid: 0 };
    await new Promise<void>((resolve, reject) => {
      const callback = (error?: Error | null) => (error ? reject(error) : resolve());
      if (entry.type === 'file')
        pack.entry({ ...header, type: 'file', size: entry.content.length }, entry.content, callback);
      else if (entry.type === 'directory') pack.entry({ ...header, type: 'directory' }, callback);
      else pack.entry({ ...header, type: 'symlink', linkname: entry.linkTarget }, callback);
    });
  }
  pack.finalize();
  await done;
  return Buffer.concat(chunks);
}
