// A write that fails midway leaves the old state file as it was and no temporary file.

import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, test } from 'vitest';
import { writeFileAtomic } from './state-file.js';

test('a failed replace (the target cannot be overwritten) throws and leaves no temporary file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'devup-state-'));
  const target = join(dir, 'state.json');
  mkdirSync(target);
  writeFileSync(join(target, 'keep'), 'x');
  expect(() => writeFileAtomic(target, '{"version":1,"projects":{}}\n')).toThrow();
  expect(readdirSync(dir)).toEqual(['state.json']);
});
