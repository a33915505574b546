// Scenario: `dev` run by a Node.js older than devup needs prints one line saying what it
// needs, what it found and how to get it, and exits 1: no stack trace. Runs with the
// machine's own older Node.js (e.g. Debian's /usr/bin/node) when there is one.

import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { expect, test } from 'vitest';
import { devBinary } from '../support/dev-sandbox.js';

const majorOf = (node: string): number | undefined => {
  try {
    const version = execFileSync(node, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim();
    return Number.parseInt(version.replace(/^v/, ''), 10);
  } catch {
    return undefined;
  }
};

/** A node binary older than 22 on this machine: the usual system places, then PATH. */
const findOldNode = (): string | undefined => {
  const candidates = [
    '/usr/bin/node',
    '/usr/local/bin/node',
    ...(process.env['PATH'] ?? '').split(delimiter).map((folder) => join(folder, 'node')),
  ];
  return [...new Set(candidates)].find((node) => existsSync(node) && (majorOf(node) ?? 99) < 22);
};

const oldNode = findOldNode();

test.skipIf(oldNode === undefined)(
  'dev on Node.js < 22 prints one line naming the version needed and found, and exits 1 (runs where such a Node.js is installed)',
  () => {
    const result = spawnSync(oldNode as string, [devBinary, '--version'], { encoding: 'utf8', timeout: 30_000 });
    const version = execFileSync(oldNode as string, ['--version'], { encoding: 'utf8' }).trim();
    expect(result.status).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe(
      `dev: devup needs Node.js 22 or newer, found ${version} (${oldNode}); install Node.js 22+ (https://nodejs.org, or \`nvm install 22\`) and run dev with it\n`,
    );
  },
);

test('dev on the Node.js running the tests starts normally', () => {
  const result = spawnSync(process.execPath, [devBinary, '--version'], { encoding: 'utf8', timeout: 30_000 });
  expect(result.stderr).toBe('');
  expect(result.stdout).toMatch(/^dev version \d+\.\d+\.\d+\n$/);
  expect(result.status).toBe(0);
});
