import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { SyncEntry } from '../watch/plan-watch-actions.js';
import { collectSyncBatch } from './collect-sync-batch.js';
import { SMALL_FILE_LIMIT } from './read-small-file.js';

describe('collectSyncBatch on a real folder', () => {
  let base: string;
  let root: string;

  beforeEach(async () => {
    base = await mkdtemp(join(tmpdir(), 'collect-sync-'));
    root = join(base, 'src');
    await mkdir(join(root, 'pkg'), { recursive: true });
    await mkdir(join(base, 'outside'));
    await writeFile(join(base, 'outside', 'secret.txt'), 'secret');
  });
  afterEach(async () => {
    await rm(base, { recursive: true, force: true });
  });

  const entry = (relativeName: string): SyncEntry => ({
    hostPath: relativeName === '' ? root : join(root, relativeName),
    hostRoot: root,
    target: '/app',
    relativeName,
    ignore: [],
    include: [],
  });

  test('small and big files are read with their mode; deleted paths become removals', async () => {
    await writeFile(join(root, 'pkg', 'small.py'), 'x = 1\n', { mode: 0o755 });
    const big = Buffer.alloc(SMALL_FILE_LIMIT * 2 + 17, 'b');
    await writeFile(join(root, 'big.bin'), big);
    const batch = await collectSyncBatch([entry('pkg/small.py'), entry('big.bin'), entry('gone.py')]);
    expect(batch.writes.map((write) => [write.name, write.type, write.mode.toString(8)])).toEqual([
      ['app/big.bin', 'file', '644'],
      ['app/pkg/small.py', 'file', '755'],
    ]);
    const contents = Object.fromEntries(
      batch.writes.map((write) => [write.name, write.type === 'file' ? write.content : undefined]),
    );
    expect(contents['app/pkg/small.py']?.toString()).toBe('x = 1\n');
    expect(contents['app/big.bin']?.equals(big)).toBe(true);
    expect(batch.deletes).toEqual(['/app/gone.py']);
    expect(batch.bytes).toBe(6 + big.length);
  });

  test('a new folder is sent with its content, once, even when its files are listed too', async () => {
    await mkdir(join(root, 'new', 'deep'), { recursive: true });
    for (let index = 0; index < 300; index += 1) await writeFile(join(root, 'new', 'deep', `f${index}.py`), `${index}`);
    const batch = await collectSyncBatch([entry('new'), entry('new/deep/f7.py'), entry('new/deep/f8.py')]);
    const files = batch.writes.filter((write) => write.type === 'file');
    expect(files).toHaveLength(300);
    expect(new Set(files.map((write) => write.name)).size).toBe(300);
    expect(batch.writes.filter((write) => write.type === 'directory').map((write) => write.name)).toEqual([
      'app/new',
      'app/new/deep',
    ]);
  });

  test('symlinks: inside kept as links, outside skipped; a folder swapped for a link out is not read; a FIFO is skipped', async () => {
    await writeFile(join(root, 'pkg', 'real.py'), 'real');
    await symlink(join(root, 'pkg', 'real.py'), join(root, 'inside-link.py'));
    await symlink(join(base, 'outside', 'secret.txt'), join(root, 'outside-link.txt'));
    await symlink(join(base, 'outside'), join(root, 'linked-dir'));
    execFileSync('mkfifo', [join(root, 'pipe')]);
    const batch = await collectSyncBatch([
      entry('inside-link.py'),
      entry('outside-link.txt'),
      entry('linked-dir/secret.txt'),
      entry('pipe'),
    ]);
    expect(batch.writes).toEqual([
      expect.objectContaining({ name: 'app/inside-link.py', type: 'symlink', linkTarget: 'pkg/real.py' }),
    ]);
    expect(batch.skipped.map((skipped) => skipped.hostPath.slice(root.length + 1)).sort()).toEqual([
      'linked-dir/secret.txt',
      'outside-link.txt',
      'pipe',
    ]);
    expect(JSON.stringify(batch.writes)).not.toContain('secret');
  });
});
