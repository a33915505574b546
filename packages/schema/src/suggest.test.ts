import { describe, expect, test } from 'vitest';
import { didYouMean } from './suggest.js';

describe('didYouMean', () => {
  test.each([
    ['a typo one letter off', 'dbb', ['db', 'web'], 'did you mean "db"?'],
    ['two swapped letters', 'wbe', ['web', 'db'], 'did you mean "web"?'],
    ['case differences', 'Restart', ['restart'], 'did you mean "restart"?'],
    ['nothing close', 'frontend', ['db', 'web'], undefined],
  ])('suggests for %s', (_rule, name, candidates, expected) => {
    expect(didYouMean(name, candidates)).toBe(expected);
  });
});
