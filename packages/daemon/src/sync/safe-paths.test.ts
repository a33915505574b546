import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkRelativeName, containerPathFor, inspectHostPath, relativeInside } from './safe-paths.js';

describe('relative names', () => {
  test.each([
    ['src/app.py', 'src/app.py'],
    ['./src//app.py', 'src/app.py'],
    ['', ''],
    ['a/./b', 'a/b'],
  ])('%j is accepted as %j', (input, expected) => {
    expect(checkRelativeName(input)).toBe(expected);
  });

  test.each([['../etc/passwd'], ['a/../../b'], ['/etc/passwd'], ['a\nb'], ['a\0b'], ['..']])(
    '%j is refused',
    (input) => {
      expect(() => checkRelativeName(input)).toThrow(/refusing to sync/);
    },
  );

  test.each([
    ['/app', 'src/a.py', '/app/src/a.py'],
    ['/app/', '', '/app'],
    ['/', 'x', '/x'],
  ])('target %j + %j -> %j', (target, name, expected) => {
    expect(containerPathFor(target, name)).toBe(expected);
  });

  test('a relative target is refused', () => {
    expect(() => containerPathFor('app', 'x')).toThrow(/must be absolute/);
  });

  test.each([
    ['/w', '/w/a/b', 'a/b'],
    ['/w', '/w', ''],
    ['/w', '/wx/a', undefined],
    ['/w', '/a', undefined],
  ])('relativeInside(%j, %j) = %j', (root, path, expected) => {
    expect(relativeInside(root, path)).toBe(expected);
  });
});

describe('inspectHostPath', () => {
  let base: string;
  let root: string;
  beforeAll(async () => {
    base = await mkdtemp(join(tmpdir(), 'safe-paths-'));
    root = join(base, 'root');
    await mkdir(join(root, 'sub'), { recursive: true });
    await mkdir(join(base, 'outside'));
    await writeFile(join(base, 'outside', 'secret'), 'secret');
    await writeFile(join(root, 'sub', 'a.txt'), 'a', { mode: 0o755 });
    await symlink(join(base, 'outside', 'secret'), join(root, 'leak'));
    await symlink(join(base, 'outside'), join(root, 'leakdir'));
    await symlink('sub/a.txt', join(root, 'inner'));
  });
  afterAll(async () => {
    await rm(base, { recursive: true, force: true });
  });

  test('a file inside is read with its mode', async () => {
    expect(await inspectHostPath(root, join(root, 'sub', 'a.txt'))).toMatchObject({
      kind: 'file',
      mode: 0o755,
      size: 1,
    });
  });
  test('a symlink to a file outside is skipped', async () => {
    expect(await inspectHostPath(root, join(root, 'leak'))).toMatchObject({ kind: 'skipped' });
  });
  test('a file reached through a symlinked folder outside is skipped', async () => {
    expect(await inspectHostPath(root, join(root, 'leakdir', 'secret'))).toMatchObject({ kind: 'skipped' });
  });
  test('a symlink inside the folder is kept as a symlink', async () => {
    expect(await inspectHostPath(root, join(root, 'inner'))).toMatchObject({
      kind: 'symlink',
      linkTarget: 'sub/a.txt',
    });
  });
  test('the watched folder itself is a folder to sync (initial sync)', async () => {
    expect(await inspectHostPath(root, root)).toMatchObject({ kind: 'dir' });
  });
  test('a missing path is absent', async () => {
    expect(await inspectHostPath(root, join(root, 'nope', 'x'))).toEqual({ kind: 'absent' });
  });
});
