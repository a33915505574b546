// dev config and dev parity never print secret values unless asked (--show-secrets for config).

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import type { CliIo } from '../cli-io.js';
import { runCli } from '../main.js';
import { parityCommand } from '../parity-command.js';

const secretValues = ['pg-S3cret-value', 'ghp_tokenvalue123', 'django-key-value', 'url-pass-word', 'build-arg-token'];

const projectWithSecrets = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'devup-secrets-'));
  writeFileSync(
    join(dir, 'prod.yaml'),
    `services:
  web:
    image: shop/web:1.0
    environment:
      POSTGRES_PASSWORD: pg-S3cret-value
      DEBUG: "0"
`,
  );
  writeFileSync(
    join(dir, 'dev.yaml'),
    `x-dev:
  production: [prod.yaml]
services:
  web:
    build:
      context: .
      args:
        NPM_TOKEN: build-arg-token
    environment:
      POSTGRES_PASSWORD: pg-S3cret-value-dev
      GITHUB_TOKEN: ghp_tokenvalue123
      DJANGO_SECRET_KEY: django-key-value
      DATABASE_URL: postgres://app:url-pass-word@db/app
      DEBUG: "1"
    secrets: [api]
secrets:
  api:
    environment: API_SECRET
`,
  );
  return dir;
};

const run = async (argv: string[], cwd: string): Promise<{ code: number; out: string }> => {
  const stdout = new PassThrough();
  let out = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const stderr = new PassThrough();
  stderr.on('data', (chunk: Buffer) => (out += chunk.toString()));
  const io: CliIo = {
    stdout,
    stderr,
    stdin: new PassThrough(),
    env: {},
    cwd,
    interrupted: new Promise(() => undefined),
  };
  const globals = { files: [], envFiles: [], profiles: [], version: false, help: false };
  const code =
    argv[0] === 'parity'
      ? await parityCommand({ globals, args: argv.slice(1), io, hooks: {} })
      : await runCli(argv, io);
  return { code, out };
};

test.each([['yaml'], ['json']])(
  'dev config --format %s masks secret variables, build args and URL passwords',
  async (format) => {
    const { code, out } = await run(['config', '--format', format], projectWithSecrets());
    expect(code, out).toBe(0);
    for (const value of secretValues) expect(out).not.toContain(value);
    expect(out).toContain('********');
    expect(out).toContain('postgres://app:********@db/app');
    expect(out).toMatch(/DEBUG: "1"|"DEBUG": "1"/);
  },
);

test('dev config --show-secrets prints them', async () => {
  const { code, out } = await run(['config', '--show-secrets'], projectWithSecrets());
  expect(code, out).toBe(0);
  for (const value of secretValues) expect(out).toContain(value);
});

test.each([[[] as string[]], [['--json']]])(
  'dev parity %j reports the changed password as a difference without printing either value',
  async (flags) => {
    const { out } = await run(['parity', ...flags], projectWithSecrets());
    expect(out).toContain('POSTGRES_PASSWORD');
    expect(out).not.toContain('pg-S3cret-value');
    for (const value of secretValues) expect(out).not.toContain(value);
  },
);
