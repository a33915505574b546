import { describe, expect, test } from 'vitest';
import { type BundleInputs, bundleIsCurrent } from './load-cli.js';

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
