// `dev parity` from the command line: the example stack runs production plus allowed
// overlays only; a fixture whose overlay changes the image tag drifts and exits 1.
// Runs the built CLI when it knows `parity`, else the command's entry function with the
// same arguments.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, test } from 'vitest';
import type { CliIo } from '../../packages/tui/src/cli/cli-io.js';
import { parityCommand } from '../../packages/tui/src/cli/parity-command.js';

const devBinary = fileURLToPath(new URL('../../packages/tui/dist/bin/dev.js', import.meta.url));
const exampleDir = fileURLToPath(new URL('../../examples/django-stack/', import.meta.url));
const driftFixture = fileURLToPath(new URL('./fixtures/parity-drift/', import.meta.url));

interface ParityRun {
  exitCode: number;
  stdout: string;
  stderr: string;
}

const cleanEnv = (): Record<string, string | undefined> => {
  const env: Record<string, string | undefined> = { ...process.env, NO_COLOR: '1' };
  for (const name of Object.keys(env)) if (name.startsWith('COMPOSE_') || name === 'DEV_WEB_PORT') delete env[name];
  return env;
};

const runThroughCli = (cwd: string, args: string[]): Promise<ParityRun> =>
  new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [devBinary, 'parity', ...args], {
      cwd,
      env: cleanEnv(),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ exitCode: code ?? -1, stdout, stderr }));
  });

const runThroughFunction = async (cwd: string, args: string[]): Promise<ParityRun> => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const io: CliIo = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: cleanEnv(),
    cwd,
    interrupted: new Promise(() => undefined),
  };
  const globals = { files: [], envFiles: [], profiles: [], version: false, help: false };
  const exitCode = await parityCommand({ globals, args, io, hooks: {} });
  return { exitCode, stdout: out, stderr: err };
};

let viaCli = false;
const runParity = (cwd: string, args: string[] = []): Promise<ParityRun> =>
  viaCli ? runThroughCli(cwd, args) : runThroughFunction(cwd, args);

interface ReportJson {
  drift: boolean;
  counts: { drift: number; overlay: number };
  differences: {
    class: string;
    path: string;
    summary: string;
    location?: { file: string; line: number; column: number };
  }[];
}

beforeAll(async () => {
  if (!existsSync(devBinary)) return;
  const probe = await runThroughCli(exampleDir, ['--json']);
  viaCli = !/unknown command "parity"/.test(probe.stdout + probe.stderr);
});

describe('dev parity', () => {
  test('the example stack has no drift: exit 0, every difference an allowed overlay', async () => {
    const run = await runParity(exampleDir);
    expect(run.exitCode).toBe(0);
    expect(run.stdout).not.toMatch(/^\S+ {2}drift {4}/m);
    expect(run.stdout.trimEnd().split('\n').at(-1)).toBe('no drift (10 allowed overlays)');
    // Every overlay is located in dev.yaml, e.g. the published port of web.
    expect(run.stdout).toMatch(/^dev\.yaml:\d+:\d+ +overlay +web +port added: 127\.0\.0\.1:8000->80\/tcp$/m);
    expect(run.stdout).not.toMatch(/^- {2}overlay/m);
  });

  test('an overlay with another image tag is drift: exit 1, named in text and JSON', async () => {
    const text = await runParity(driftFixture);
    expect(text.exitCode).toBe(1);
    // The location is the overlay's value: dev.yaml line 7, column 12 (`image: django-stack-app:dev`).
    expect(text.stdout).toMatch(/^dev\.yaml:7:12 +drift +web +image: django-stack-app:1\.0 -> django-stack-app:dev$/m);
    expect(text.stdout).toMatch(/^dev\.yaml:9:9 +overlay +web +port added: 127\.0\.0\.1:8000->80\/tcp$/m);

    const json = await runParity(driftFixture, ['--json']);
    expect(json.exitCode).toBe(1);
    const report = JSON.parse(json.stdout) as ReportJson;
    expect({ drift: report.drift, counts: report.counts }).toEqual({ drift: true, counts: { drift: 1, overlay: 1 } });
    expect(report.differences.find((difference) => difference.class === 'drift')).toMatchObject({
      path: 'services.web.image',
      summary: 'image: django-stack-app:1.0 -> django-stack-app:dev',
      location: { file: 'dev.yaml', line: 7, column: 12 },
    });
  });
});
