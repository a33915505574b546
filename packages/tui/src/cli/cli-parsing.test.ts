import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { ServiceStatus } from '@devup/daemon/protocol';
import { describe, expect, test } from 'vitest';
import type { CliIo } from './cli-io.js';
import { parseExecArgs } from './commands/exec-command.js';
import { formatServiceTable } from './commands/ps-command.js';
import { formatLogLine, parseSince } from './format-log-line.js';
import { parseCommandLine } from './global-options.js';
import { runCli } from './main.js';
import { projectRefOf } from './project-ref.js';
import { describeStep } from './up-progress.js';
import { judgeServices } from './wait-for-services.js';

const memoryIo = (cwd = '/tmp', env: Record<string, string> = {}) => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  let out = '';
  let err = '';
  stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const io: CliIo = { stdout, stderr, stdin: new PassThrough(), env, cwd, interrupted: new Promise(() => undefined) };
  return { io, out: () => out, err: () => err };
};

describe('global options', () => {
  test.each<[string[], object]>([
    [['up', '-d'], { command: 'up', rest: ['-d'], globals: { files: [], envFiles: [], profiles: [] } }],
    [
      ['-f', 'a.yaml', '--file=b.yaml', '-p', 'shop', 'ps'],
      { command: 'ps', globals: { files: ['a.yaml', 'b.yaml'], projectName: 'shop' } },
    ],
    [
      ['--profile', 'debug', '--profile', 'tools', '--env-file', '.env.dev', 'config'],
      { command: 'config', globals: { profiles: ['debug', 'tools'], envFiles: ['.env.dev'] } },
    ],
    [
      ['--project-directory', 'app', 'logs', '-f', 'web'],
      { command: 'logs', rest: ['-f', 'web'], globals: { projectDirectory: 'app' } },
    ],
    [['--version'], { globals: { version: true } }],
  ])('%j', (argv, expected) => {
    expect(parseCommandLine(argv)).toMatchObject(expected);
  });

  test.each([
    [['--bogus', 'up'], 'unknown option --bogus (project options go before the command; see dev --help)'],
    [['-f'], '-f needs a value'],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCommandLine(argv)).toThrow(message);
  });

  test('files and directories resolve against the working directory; env passes through', () => {
    const { globals } = parseCommandLine(['-f', 'compose.yaml', '--project-directory', 'app']);
    expect(projectRefOf(globals, { cwd: '/src/shop', env: { COMPOSE_PROFILES: 'debug', UNSET: undefined } })).toEqual({
      cwd: '/src/shop',
      files: ['/src/shop/compose.yaml'],
      projectDirectory: '/src/shop/app',
      envFiles: [],
      profiles: [],
      env: { COMPOSE_PROFILES: 'debug' },
    });
  });
});

describe('dev exec arguments', () => {
  test.each<[string[], object]>([
    [['web', 'sh', '-c', 'exit 7'], { serviceName: 'web', cmd: ['sh', '-c', 'exit 7'], noTty: false }],
    [
      ['-T', '-u', 'app', '-e', 'A=1', '--workdir=/srv', 'web', 'ls', '-la'],
      { serviceName: 'web', cmd: ['ls', '-la'], noTty: true, user: 'app', env: ['A=1'], workingDir: '/srv' },
    ],
    [['--index', '2', 'worker', 'ps'], { serviceName: 'worker', index: 2, cmd: ['ps'] }],
  ])('%j', (args, expected) => {
    expect(parseExecArgs(args)).toMatchObject(expected);
  });

  test.each([
    [[], 'name a service'],
    [['web'], 'give a command to run in web'],
    [['--nope', 'web', 'sh'], 'unknown option --nope'],
  ])('%j is refused', (args, message) => {
    expect(() => parseExecArgs(args)).toThrow(message);
  });
});

test.each([
  ['10m', '2026-01-01T11:50:00.000Z'],
  ['1h30m', '2026-01-01T10:30:00.000Z'],
  ['45s', '2026-01-01T11:59:15.000Z'],
  ['2026-01-01T08:00:00Z', '2026-01-01T08:00:00.000Z'],
  ['1767254400', '2026-01-01T08:00:00.000Z'],
  ['yesterday-ish', undefined],
])('--since %s', (value, expected) => {
  expect(parseSince(value, new Date('2026-01-01T12:00:00Z'))).toBe(expected);
});

test('log lines carry a padded service prefix, coloured only when asked', () => {
  const line = {
    seq: 1,
    projectName: 'shop',
    serviceName: 'web',
    replica: 1,
    stream: 'stdout' as const,
    time: '2026-01-01T00:00:00Z',
    text: 'GET / 200',
  };
  expect(formatLogLine(line, { color: false, timestamps: false, width: 8 })).toBe('web-1    | GET / 200');
  expect(formatLogLine(line, { color: false, timestamps: true, width: 5 })).toBe(
    'web-1 | 2026-01-01T00:00:00Z GET / 200',
  );
  expect(formatLogLine(line, { color: true, timestamps: false, width: 5 })).toMatch(
    /^\u001b\[\d+mweb-1 \| \u001b\[0mGET \/ 200$/,
  );
});

test('plan steps read as operation, cause and outcome', () => {
  expect(describeStep('[1] -> #2 service:web:1 create-container  missing: done')).toBe(
    'create-container (missing) done',
  );
  expect(describeStep('waiting on db: healthy')).toBe('waiting on db: healthy');
});

const status = (serviceName: string, state: string, exitCode?: number): ServiceStatus =>
  ({
    projectName: 'shop',
    serviceName,
    containerIds: [],
    state,
    ports: [],
    restarts: 0,
    watch: { kind: 'off' },
    ...(exitCode !== undefined ? { exitCode } : {}),
  }) as ServiceStatus;

test.each([
  [[status('db', 'healthy'), status('web', 'running')], [], { kind: 'ready' }],
  [[status('db', 'starting'), status('web', 'running')], [], { kind: 'pending', waitingFor: ['db (starting)'] }],
  [[status('migrate', 'exited', 0), status('web', 'running')], [], { kind: 'ready' }],
  [[status('migrate', 'exited', 2)], [], { kind: 'failed', reason: 'migrate exited with code 2' }],
  [[status('worker', 'crash-loop', 3), status('web', 'running')], ['web'], { kind: 'ready' }],
  [[status('worker', 'crash-loop', 3)], [], { kind: 'failed', reason: 'worker is crash-looping (exit code 3)' }],
])('--wait verdict %#', (services, selected, verdict) => {
  expect(judgeServices(services, selected)).toEqual(verdict);
});

test('ps prints a table', () => {
  expect(
    formatServiceTable([
      {
        ...status('web', 'healthy'),
        ports: [
          { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp', url: 'http://127.0.0.1:8080' },
        ],
      },
      { ...status('worker', 'crash-loop', 3), restarts: 5 },
    ]),
  ).toMatchInlineSnapshot(`
    "SERVICE  STATE       PORTS                  RESTARTS  NOTE
    web      healthy     http://127.0.0.1:8080  0
    worker   crash-loop                         5         exit 3"
  `);
});

describe('runCli', () => {
  test('--version prints the version and exits 0', async () => {
    const run = memoryIo();
    expect(await runCli(['--version'], run.io)).toBe(0);
    expect(run.out()).toMatch(/^dev version \d+\.\d+\.\d+\n$/);
  });

  test('an unknown command is a usage error (exit 2)', async () => {
    const run = memoryIo();
    expect(await runCli(['launch'], run.io)).toBe(2);
    expect(run.err()).toBe('dev: unknown command "launch" (see dev --help)\n');
  });

  test('dev config prints the normalized project, and located errors with exit 1 for a broken one', async () => {
    const directory = mkdtempSync(join(tmpdir(), 'devup-cli-'));
    writeFileSync(join(directory, 'compose.yaml'), 'name: shop\nservices:\n  web:\n    image: nginx\n');
    const good = memoryIo(directory);
    expect(await runCli(['config', '--format', 'json'], good.io)).toBe(0);
    expect(JSON.parse(good.out())).toMatchObject({ name: 'shop', services: { web: { image: 'nginx' } } });

    writeFileSync(
      join(directory, 'compose.yaml'),
      'name: shop\nservices:\n  web:\n    image: nginx\n    depends_on: [dbb]\n  db:\n    image: postgres\n',
    );
    const broken = memoryIo(directory);
    expect(await runCli(['config'], broken.io)).toBe(1);
    expect(broken.out()).toBe('');
    expect(broken.err()).toMatch(/compose\.yaml:5:\d+/);
    expect(broken.err()).not.toMatch(/at .*\.js:\d+/);
  });

  test('dev config --schema prints a JSON Schema', async () => {
    const run = memoryIo();
    expect(await runCli(['config', '--schema'], run.io)).toBe(0);
    expect(JSON.parse(run.out())).toHaveProperty('properties');
  });
});

test('service colours are stable and tell the usual names apart', async () => {
  const { colorIndexOf } = await import('./service-colors.js');
  expect(colorIndexOf('web')).toBe(colorIndexOf('web'));
  expect(new Set(['db', 'web', 'api'].map(colorIndexOf)).size).toBe(3);
});
