import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, test } from 'vitest';
import type { CliIo } from './cli-io.js';
import { parityCommand } from './parity-command.js';

const exampleDir = fileURLToPath(new URL('../../../../examples/django-stack/', import.meta.url));

const memoryIo = (cwd: string) => {
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
    env: {},
    cwd,
    interrupted: new Promise(() => undefined),
  };
  return { io, out: () => out, err: () => err };
};

const runParity = async (cwd: string, args: string[] = []) => {
  const memory = memoryIo(cwd);
  const globals = { files: [], envFiles: [], profiles: [], version: false, help: false };
  const exitCode = await parityCommand({ globals, args, io: memory.io, hooks: {} });
  return { exitCode, out: memory.out(), err: memory.err() };
};

const scratchDirs: string[] = [];
const scratch = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'parity-command-'));
  scratchDirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of scratchDirs) rmSync(dir, { recursive: true, force: true });
});

describe('dev parity', () => {
  test('the example reports only allowed overlays and exits 0', async () => {
    const { exitCode, out } = await runParity(exampleDir);
    expect(exitCode).toBe(0);
    expect(out).toContain('overlay  web     port added: 127.0.0.1:8000->80/tcp');
    expect(out.trimEnd().split('\n').at(-1)).toBe('no drift (10 allowed overlays)');
  });

  test('--json reports no drift for the example', async () => {
    const { exitCode, out } = await runParity(exampleDir, ['--json']);
    const report = JSON.parse(out) as { drift: boolean; counts: { drift: number; overlay: number } };
    expect({ exitCode, drift: report.drift, counts: report.counts }).toEqual({
      exitCode: 0,
      drift: false,
      counts: { drift: 0, overlay: 10 },
    });
  });

  test('an overlay that changes the image tag is drift and exits 1', async () => {
    const dir = scratch();
    copyFileSync(join(exampleDir, 'compose.yaml'), join(dir, 'compose.yaml'));
    const devYaml = readFileSync(join(exampleDir, 'dev.yaml'), 'utf8');
    writeFileSync(join(dir, 'dev.yaml'), devYaml.replace(/^ {2}web:\n/m, '  web:\n    image: django-stack-app:dev\n'));
    const { exitCode, out } = await runParity(dir);
    expect(exitCode).toBe(1);
    expect(out).toContain('drift    web     image: django-stack-app:1.0 -> django-stack-app:dev');
    expect(out.trimEnd().split('\n').at(-1)).toBe('1 drift, 10 allowed overlays');
  });

  test('a project without x-dev.production is an error that says what to add', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'compose.yaml'), 'services:\n  web:\n    image: debian:bookworm-slim\n');
    await expect(runParity(dir)).rejects.toThrow('name them in dev.yaml under x-dev.production');
  });
});
