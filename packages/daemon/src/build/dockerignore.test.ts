import { expect, test } from 'vitest';
import { isIgnored, parseDockerignore } from './dockerignore.js';

test.each([
  ['node_modules', 'node_modules/x/index.js', true],
  ['node_modules', 'src/node_modules/x.js', false],
  ['**/node_modules', 'src/node_modules/x.js', true],
  ['*.log', 'debug.log', true],
  ['*.log', 'logs/debug.log', false],
  ['**/*.log', 'logs/debug.log', true],
  ['/build', 'build/out.o', true],
  ['./dist/', 'dist/a.js', true],
  ['*.md\n!README.md', 'README.md', false],
  ['*.md\n!README.md', 'CHANGES.md', true],
  ['docs\n!docs/keep.txt', 'docs/keep.txt', false],
  ['# comment\n\n.git', '.git/HEAD', true],
  ['file?.txt', 'file1.txt', true],
  ['file[0-9].txt', 'filea.txt', false],
])('%j against %s -> ignored %s', (text, path, ignored) => {
  expect(isIgnored(path, parseDockerignore(text))).toBe(ignored);
});
