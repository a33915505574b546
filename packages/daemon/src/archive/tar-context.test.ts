import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import tarStream from 'tar-stream';
import { afterEach, beforeEach, expect, test } from 'vitest';
import { createTarFromFiles, type TarFileEntry } from './tar-context.js';

let folder = '';
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tar-context-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

const readArchive = async (tar: NodeJS.ReadableStream): Promise<Record<string, string>> => {
  const extract = tarStream.extract();
  const files: Record<string, string> = {};
  extract.on('entry', (header, stream, next) => {
    const chunks: Buffer[] = [];
    stream.on('data', (chunk: unknown) => chunks.push(Buffer.from(chunk as Uint8Array)));
    stream.on('end', () => {
      files[header.name] = Buffer.concat(chunks).toString();
      next();
    });
  });
  await pipeline(tar, extract);
  return files;
};

test('a file that grew after it was listed is sent as it is when read, and the archive stays valid', async () => {
  const path = join(folder, 'app.py');
  await writeFile(path, 'print(1)\n');
  const listed: TarFileEntry = {
    name: 'app.py',
    type: 'file',
    absolutePath: path,
    size: 9,
    mode: 0o644,
    mtime: new Date(),
  };
  await appendFile(path, 'print(2)\n');
  expect(await readArchive(createTarFromFiles([listed]))).toEqual({ 'app.py': 'print(1)\nprint(2)\n' });
});

test('a file that shrank after it was listed does not break the archive', async () => {
  const path = join(folder, 'notes.txt');
  await writeFile(path, 'a much longer first version\n');
  const listed: TarFileEntry = {
    name: 'notes.txt',
    type: 'file',
    absolutePath: path,
    size: 28,
    mode: 0o644,
    mtime: new Date(),
  };
  await writeFile(path, 'short\n');
  expect(await readArchive(createTarFromFiles([listed]))).toEqual({ 'notes.txt': 'short\n' });
});

test('a file removed after it was listed fails the stream instead of the process', async () => {
  const listed: TarFileEntry = {
    name: 'gone.txt',
    type: 'file',
    absolutePath: join(folder, 'gone.txt'),
    size: 3,
    mode: 0o644,
    mtime: new Date(),
  };
  await expect(readArchive(createTarFromFiles([listed]))).rejects.toThrow(/ENOENT/);
});
