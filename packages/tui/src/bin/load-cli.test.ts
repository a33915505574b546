import { describe, expect, test } from 'vitest';
import { type BundleInputs, bundleIsCurrent, codeCacheName } from './load-cli.js';

const files: Record<string, { size: number; mtimeMs: number }> = {
  '/dist/a.js': { size: 10, mtimeMs: 1000 },
  '/dist/b.js': { size: 20, mtimeMs: 2000.5 },
};
const stat = (path: string) => files[path];

describe('bundleIsCurrent', () => {
  test.each<[string, BundleInputs, boolean]>([
    [
      'every input unchanged',
      [
        ['/dist/a.js', 10, 1000],
        ['/dist/b.js', 20, 2000.5],
      ],
      true,
    ],
    ['no inputs listed', [], true],
    [
      'an input rebuilt (newer time)',
      [
        ['/dist/a.js', 10, 1000],
        ['/dist/b.js', 20, 1999],
      ],
      false,
    ],
    ['an input of another size', [['/dist/a.js', 11, 1000]], false],
    ['an input removed', [['/dist/gone.js', 10, 1000]], false],
  ])('%s', (_name, inputs, current) => {
    expect(bundleIsCurrent(inputs, stat)).toBe(current);
  });
});

describe('codeCacheName', () => {
  const bundle = '/work/a/packages/tui/dist/cli/config-bundle.js';
  test('names the bundle and its build', () => {
    expect(codeCacheName(bundle, { size: 1200, mtimeMs: 1700000000123.4 })).toMatch(
      /^devup-config-bundle-[0-9a-f]{8}-1200-1700000000123$/,
    );
  });
  test('a rebuilt bundle gets another name, with the same prefix', () => {
    const first = codeCacheName(bundle, { size: 1200, mtimeMs: 1 });
    const rebuilt = codeCacheName(bundle, { size: 1200, mtimeMs: 2 });
    expect(rebuilt).not.toBe(first);
    expect(rebuilt.split('-').slice(0, 4)).toEqual(first.split('-').slice(0, 4));
  });
  test("another checkout's bundle gets another prefix", () => {
    const stat = { size: 1200, mtimeMs: 1 };
    expect(codeCacheName('/work/b/packages/tui/dist/cli/config-bundle.js', stat).split('-')[3]).not.toBe(
      codeCacheName(bundle, stat).split('-')[3],
    );
  });
});
