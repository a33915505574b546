// Scenario: the built `dev config` runs from its one-module bundle (pnpm build writes it)
// and prints exactly what the modules themselves print (DEVUP_CONFIG_BUNDLE=0), with the same
// exit code, for every conformance sample and a set of broken files, through pipes; the
// bundle's code cache is written to Node's compile cache folder (under TMPDIR, so a fresh
// HOME changes nothing) and then used.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { devBinary, repoRoot } from '../support/dev-sandbox.js';

const samplesDir = join(repoRoot, 'packages/schema/test/conformance/awesome-compose');
const brokenDir = join(repoRoot, 'packages/schema/test/broken');
const composeFile = /^(docker-)?compose\.ya?ml$/;

const samples = readdirSync(samplesDir).flatMap((sample) =>
  readdirSync(join(samplesDir, sample))
    .filter((name) => composeFile.test(name))
    .map((name) => join(samplesDir, sample, name)),
);
const broken = readdirSync(brokenDir)
  .filter((name) => /\.ya?ml$/.test(name))
  .map((name) => join(brokenDir, name));

const tmp = mkdtempSync(join(tmpdir(), 'e2e-config-bundle-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const runConfig = (file: string, args: string[], bundle: boolean) => {
  const result = spawnSync(process.execPath, [devBinary, '-f', basename(file), 'config', ...args], {
    cwd: dirname(file),
    encoding: 'utf8',
    timeout: 60_000,
    env: { ...process.env, NO_COLOR: '1', TMPDIR: tmp, DEVUP_CONFIG_BUNDLE: bundle ? '1' : '0' },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
};

const bundleCaches = () =>
  existsSync(join(tmp, 'node-compile-cache'))
    ? readdirSync(join(tmp, 'node-compile-cache')).flatMap((folder) =>
        readdirSync(join(tmp, 'node-compile-cache', folder))
          .filter((name) => name.startsWith('devup-config-bundle-'))
          .map((name) => join(tmp, 'node-compile-cache', folder, name)),
      )
    : [];

describe('dev config from its bundle', () => {
  test('pnpm build wrote the bundle, and running it leaves its code cache', () => {
    expect(existsSync(join(repoRoot, 'packages/tui/dist/cli/config-bundle.js')), 'run pnpm build').toBe(true);
    const first = runConfig(samples[0]!, ['--format', 'json'], true);
    expect(first.status).toBe(0);
    expect(bundleCaches()).toHaveLength(1);
    const written = statSync(bundleCaches()[0]!).mtimeMs;
    expect(runConfig(samples[0]!, ['--format', 'json'], true)).toEqual(first);
    // Taken, not written again: V8 accepted it.
    expect(bundleCaches()).toHaveLength(1);
    expect(statSync(bundleCaches()[0]!).mtimeMs).toBe(written);
  });

  test.each(samples.map((file) => [file.slice(samplesDir.length + 1), file]))(
    'sample %s: same output and exit code as the modules',
    (_name, file) => {
      for (const args of [['--format', 'json'], []]) {
        expect(runConfig(file, args, true)).toEqual(runConfig(file, args, false));
      }
    },
  );

  test.each(broken.map((file) => [basename(file), file]))('broken %s: same issues and exit code', (_name, file) => {
    const bundled = runConfig(file, [], true);
    expect(bundled.status).not.toBe(0);
    expect(bundled).toEqual(runConfig(file, [], false));
  });

  test('--schema, --services and a usage error: the same', () => {
    for (const args of [['--schema'], ['--services'], ['--format', 'xml']]) {
      expect(runConfig(samples[0]!, args, true)).toEqual(runConfig(samples[0]!, args, false));
    }
  });
});
