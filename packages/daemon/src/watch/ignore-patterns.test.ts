import { describe, expect, test } from 'vitest';
import { compilePatterns, isEditorTempFile, isInVcsFolder } from './ignore-patterns.js';

describe('gitignore-like rule patterns', () => {
  test.each([
    [['*.pyc'], 'a.pyc', true],
    [['*.pyc'], 'deep/down/a.pyc', true],
    [['node_modules/'], 'node_modules/x/y.js', true],
    [['node_modules'], 'web/node_modules/x.js', true],
    [['/build'], 'build/out.o', true],
    [['/build'], 'src/build/out.o', false],
    [['docs/*.md'], 'docs/a.md', true],
    [['docs/*.md'], 'docs/sub/a.md', false],
    [['docs/**/*.md'], 'docs/sub/deep/a.md', true],
    [['**/tmp'], 'a/b/tmp/c', true],
    [['*.log', '!keep.log'], 'keep.log', false],
    [['*.log', '!keep.log'], 'other.log', true],
    [['file?.txt'], 'file1.txt', true],
    [['[ab].txt'], 'c.txt', false],
    [['# comment', ''], 'x', false],
  ])('%j matches %j: %j', (patterns, path, expected) => {
    expect(compilePatterns(patterns).matches(path)).toBe(expected);
  });
});

describe('.dockerignore patterns are anchored to the context', () => {
  test.each([
    [['*.md'], 'README.md', true],
    [['*.md'], 'docs/a.md', false],
    [['**/*.md'], 'docs/a.md', true],
    [['node_modules'], 'node_modules/a', true],
    [['node_modules'], 'web/node_modules/a', false],
  ])('%j matches %j: %j', (patterns, path, expected) => {
    expect(compilePatterns(patterns, 'dockerignore').matches(path)).toBe(expected);
  });
});

describe('editor temporary files', () => {
  test.each([
    ['.app.py.swp', true],
    ['app.py~', true],
    ['.#app.py', true],
    ['#app.py#', true],
    ['4913', true],
    ['app.py___jb_tmp___', true],
    ['app.py', false],
    ['swap.py', false],
  ])('%j -> %j', (name, expected) => {
    expect(isEditorTempFile(name)).toBe(expected);
  });

  test.each([
    ['.git/HEAD', true],
    ['sub/.git/index', true],
    ['.github/workflows/ci.yml', false],
  ])('VCS folder %j -> %j', (path, expected) => {
    expect(isInVcsFolder(path)).toBe(expected);
  });
});
