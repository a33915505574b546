import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countWatchedFolders } from './watch-tree-count.js';

let root = '';

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'doctor-watch-tree-'));
  for (const folder of ['app/a', 'app/b/c', 'app/node_modules/x/y', 'app/.git/objects', 'other']) {
    await mkdir(join(root, folder), { recursive: true });
  }
  await writeFile(join(root, 'app/a/file.py'), 'x');
  await writeFile(join(root, 'requirements.txt'), 'x');
  await symlink(join(root, 'other'), join(root, 'app/link'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('countWatchedFolders', () => {
  test.each([
    {
      name: 'counts every folder, skipping .git, not following symlinks',
      roots: [{ path: 'app', ignore: [] }],
      folders: 7,
    },
    { name: 'skips ignored folders', roots: [{ path: 'app', ignore: ['node_modules/'] }], folders: 4 },
    {
      name: 'counts overlapping trees once',
      roots: [
        { path: 'app', ignore: ['node_modules/'] },
        { path: 'app/b', ignore: [] },
      ],
      folders: 4,
    },
    { name: 'a watched file costs its folder', roots: [{ path: 'requirements.txt', ignore: [] }], folders: 1 },
    { name: 'a missing path costs nothing', roots: [{ path: 'nope', ignore: [] }], folders: 0 },
  ])('$name', async ({ roots, folders }) => {
    const count = await countWatchedFolders(
      roots.map((entry) => ({ serviceName: 'web', path: join(root, entry.path), ignore: entry.ignore })),
    );
    expect(count.folders).toBe(folders);
  });

  test('stops at the limit and says so', async () => {
    const count = await countWatchedFolders([{ serviceName: 'web', path: join(root, 'app'), ignore: [] }], 2);
    expect(count).toEqual({ folders: 2, truncated: true, missing: [] });
  });

  test('names missing roots', async () => {
    const count = await countWatchedFolders([{ serviceName: 'web', path: join(root, 'nope'), ignore: [] }]);
    expect(count.missing).toEqual([join(root, 'nope')]);
  });
});
