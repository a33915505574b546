import { describe, expect, test } from 'vitest';
import { compileIgnorePatterns } from './ignore-patterns.js';

describe('compileIgnorePatterns', () => {
  test.each([
    { patterns: ['node_modules/'], path: 'node_modules', ignored: true },
    { patterns: ['node_modules/'], path: 'app/node_modules/pkg', ignored: true },
    { patterns: ['node_modules'], path: 'node_modules_extra', ignored: false },
    { patterns: ['*.pyc'], path: 'app/views.pyc', ignored: true },
    { patterns: ['__pycache__'], path: 'app/__pycache__', ignored: true },
    { patterns: ['build/out'], path: 'build/out/x', ignored: true },
    { patterns: ['build/out'], path: 'src/build/out', ignored: false },
    { patterns: ['**/tmp'], path: 'a/b/tmp', ignored: true },
    { patterns: ['**/tmp'], path: 'tmp', ignored: true },
    { patterns: ['docs/**'], path: 'docs/api', ignored: true },
    { patterns: ['./static'], path: 'static', ignored: true },
    { patterns: ['# comment', '', '!keep'], path: 'keep', ignored: false },
    { patterns: ['dat?'], path: 'data', ignored: true },
    { patterns: [], path: 'anything', ignored: false },
  ])('$patterns on $path -> $ignored', ({ patterns, path, ignored }) => {
    expect(compileIgnorePatterns(patterns)(path)).toBe(ignored);
  });
});
