import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { eventually } from '../engine/eventually.js';
import {
  BaselineKeeper,
  decodeBaselines,
  encodeBaselines,
  fileBaselineStore,
  type WatchBaselines,
} from './watch-baseline.js';

const sample = (): WatchBaselines =>
  new Map([
    [
      '/proj/src',
      new Map([
        ['/proj/src', -493],
        ['/proj/src/app.py', 123456],
        ['/proj/src/pkg', -493],
        ['/proj/src/pkg/mod.py', 987],
      ]),
    ],
  ]);

describe('watch baselines', () => {
  test('round-trip through the file format, paths stored relative to their root', () => {
    const text = encodeBaselines(sample());
    expect(JSON.parse(text).roots['/proj/src']).toEqual({
      names: ['', 'app.py', 'pkg', 'pkg/mod.py'],
      signatures: [-493, 123456, -493, 987],
    });
    expect(decodeBaselines(text)).toEqual(sample());
  });

  test.each([
    ['not JSON', '{'],
    ['another version', JSON.stringify({ version: 99, roots: {} })],
    ['no roots', JSON.stringify({ version: 1 })],
  ])('%s reads as no record', (_name, text) => {
    expect(decodeBaselines(text)).toBeUndefined();
  });

  test('entries that are not numbers or climb out of the root are dropped', () => {
    const text = JSON.stringify({
      version: 1,
      roots: { '/r': { names: ['a', 'b', '../etc/passwd'], signatures: [1, 'x', 2] }, '/bad': { names: ['a'] } },
    });
    expect(decodeBaselines(text)).toEqual(new Map([['/r', new Map([['/r/a', 1]])]]));
  });

  test('the file store writes atomically and reads back; a missing file is no record', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'watch-baseline-'));
    try {
      const store = fileBaselineStore(join(dir, 'watch', 'p.json'));
      expect(await store.load()).toBeUndefined();
      await store.save(sample());
      expect(await store.load()).toEqual(sample());
      await writeFile(join(dir, 'watch', 'p.json'), 'garbage');
      expect(await store.load()).toBeUndefined();
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('the keeper records failed paths as changed until an action for them succeeds', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'watch-baseline-'));
    try {
      const file = join(dir, 'p.json');
      const errors: string[] = [];
      const keeper = new BaselineKeeper(fileBaselineStore(file), sample, (message) => errors.push(message), 0, 0);
      keeper.noteResult('web', ['/proj/src/app.py', '/proj/src/gone.py'], false);
      keeper.noteResult('worker', ['/proj/src/app.py'], true);
      await keeper.flush(true);
      const first = decodeBaselines(await readFile(file, 'utf8'))!.get('/proj/src')!;
      expect(first.get('/proj/src/app.py')).toBe(0);
      expect(first.get('/proj/src/gone.py')).toBe(0);
      keeper.noteResult('web', ['/proj/src/app.py', '/proj/src/gone.py'], true);
      keeper.idle(() => true);
      await eventually(async () => {
        const second = decodeBaselines(await readFile(file, 'utf8'))!.get('/proj/src')!;
        expect(second).toEqual(sample().get('/proj/src'));
      });
      expect(errors).toEqual([]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
