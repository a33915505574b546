import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { buildIdFor, computeBuildId } from './build-id.js';

let packageDir: string;
let devdPath: string;

beforeEach(() => {
  packageDir = mkdtempSync(join(tmpdir(), 'build-id-'));
  mkdirSync(join(packageDir, 'dist', 'bin'), { recursive: true });
  devdPath = join(packageDir, 'dist', 'bin', 'devd.js');
  writeFileSync(join(packageDir, 'package.json'), '{"version":"1.2.3"}');
  writeFileSync(join(packageDir, 'tsconfig.tsbuildinfo'), '{"version":"5.9"}');
  writeFileSync(devdPath, 'export {};\n');
});

afterEach(() => rmSync(packageDir, { recursive: true, force: true }));

describe('computeBuildId', () => {
  test('names the package version and is stable while nothing is rebuilt', () => {
    const id = computeBuildId(devdPath);
    expect(id).toMatch(/^1\.2\.3\+[0-9a-f]{8}$/);
    expect(computeBuildId(devdPath)).toBe(id);
  });

  test('a rebuild (build record rewritten) changes it, with the same version', () => {
    const before = computeBuildId(devdPath);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(packageDir, 'tsconfig.tsbuildinfo'), later, later);
    expect(computeBuildId(devdPath)).not.toBe(before);
    expect(computeBuildId(devdPath).startsWith('1.2.3+')).toBe(true);
  });

  test('a changed entry script changes it', () => {
    const before = computeBuildId(devdPath);
    writeFileSync(devdPath, 'export const changed = true;\n');
    expect(computeBuildId(devdPath)).not.toBe(before);
  });
});

describe('buildIdFor', () => {
  test.each([
    [{ DEVUP_BUILD_ID: 'older-build' }, 'older-build'],
    [{ DEVUP_BUILD_ID: '' }, 'computed'],
    [{}, 'computed'],
  ])('with %j it is %s', (env, expected) => {
    const id = buildIdFor(devdPath, env);
    expect(id).toBe(expected === 'computed' ? computeBuildId(devdPath) : expected);
  });
});
