// `dev doctor` on a real machine: each seeded fault is caught, named, and comes with a fix.
// The shared engine is never stopped (an unreachable DOCKER_HOST stands in for it) and the
// real file-watch limit is never changed (DEVUP_INOTIFY_SYSCTL_DIR points at a fake one).

import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { cliHasDoctor, runDoctorIn, runDoctorText } from './doctor-run.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address !== null ? address.port : 0));
    });
  });

/** A node process listening on 127.0.0.1:port, resolved once it listens. */
const startPortHolder = (port: number): Promise<ChildProcess> =>
  new Promise((resolve, reject) => {
    const script = `require('node:net').createServer().listen(${port}, '127.0.0.1', () => console.log('listening'))`;
    const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`port holder exited with ${code}`)));
    child.stdout?.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('listening')) resolve(child);
    });
  });

let scratch = '';
let viaCli = false;
let baseEnv: Record<string, string | undefined> = {};

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'e2e-doctor-'));
  viaCli = await cliHasDoctor();
  baseEnv = {
    ...process.env,
    NO_COLOR: '1',
    // An empty runtime folder: no devd answers there, so the daemon check is predictable.
    DEVUP_RUNTIME_DIR: join(scratch, 'run'),
  };
  delete baseEnv['DOCKER_HOST'];
  delete baseEnv['DEVUP_INOTIFY_SYSCTL_DIR'];
});

afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('dev doctor', () => {
  test('a ready machine and project pass every check but the idle daemon', async () => {
    const run = await runDoctorIn(fixture('stack'), { ...baseEnv, DOCTOR_PORT: String(await freePort()) }, viaCli);
    expect(run.exitCode, run.output).toBe(0);
    expect(Object.fromEntries(run.checks.map((check) => [check.id, check.status]))).toEqual({
      engine: 'ok',
      daemon: 'warn',
      config: 'ok',
      variables: 'ok',
      ports: 'ok',
      images: 'ok',
      'watch-limit': 'ok',
      disk: 'ok',
    });
    expect(run.check('engine').detail).toMatch(
      /^reachable at unix:\/\/\/var\/run\/docker.sock: Docker \S+ \(API 1\.\d+/,
    );
    expect(run.check('images').detail).toContain('web: builds FROM debian:bookworm-slim (present)');
  });

  test('an engine that is not running fails with how to start it', async () => {
    const socket = join(scratch, 'nobody-listens.sock');
    const run = await runDoctorIn(
      fixture('stack'),
      { ...baseEnv, DOCTOR_PORT: String(await freePort()), DOCKER_HOST: `unix://${socket}` },
      viaCli,
    );
    expect(run.exitCode).toBe(1);
    expect(run.check('engine')).toMatchObject({
      status: 'fail',
      detail: `not reachable: no engine socket at unix://${socket}`,
    });
    expect(run.check('engine').fix).toContain('sudo systemctl start docker');
    expect(run.check('engine').fix).toContain('DOCKER_HOST');
  });

  test('a host port taken by another process fails and names the process', async () => {
    const port = await freePort();
    const holder = await startPortHolder(port);
    try {
      const run = await runDoctorIn(fixture('stack'), { ...baseEnv, DOCTOR_PORT: String(port) }, viaCli);
      expect(run.exitCode).toBe(1);
      const ports = run.check('ports');
      expect(ports.status).toBe('fail');
      expect(ports.detail).toContain(`127.0.0.1:${port}/tcp (web): taken by node (pid ${holder.pid}: `);
      expect(ports.fix).toContain(`kill ${holder.pid}`);
    } finally {
      holder.kill();
    }
  });

  test('the plain report marks each check and the taken port, and exits 1', async () => {
    expect(viaCli, 'the dev CLI is built (pnpm build)').toBe(true);
    const port = await freePort();
    const holder = await startPortHolder(port);
    try {
      const run = await runDoctorText(fixture('stack'), { ...baseEnv, DOCTOR_PORT: String(port) });
      expect(run.exitCode).toBe(1);
      const lines = run.stdout.split('\n');
      expect(lines[0]).toBe(`dev doctor: project e2e-doctor-stack (${fixture('stack')})`);
      expect(lines.find((line) => line.startsWith('✗ Host ports'))).toMatch(
        new RegExp(
          `^✗ Host ports {10}127\\.0\\.0\\.1:${port}/tcp \\(web\\): taken by node \\(pid ${holder.pid}: \\S*node -e `,
        ),
      );
      expect(lines.filter((line) => /^[✓!✗] /.test(line)).map((line) => line.slice(0, 1))).toEqual([
        '✓',
        '!',
        '✓',
        '✓',
        '✗',
        '✓',
        '✓',
        '✓',
      ]);
      expect(lines.at(-2)).toBe('1 problem to fix, 1 warning');
    } finally {
      holder.kill();
    }
  });

  test('an unset required variable fails at its place, and the rest is still checked', async () => {
    const env = { ...baseEnv };
    delete env['DOCTOR_API_TOKEN'];
    const run = await runDoctorIn(fixture('required-variable'), env, viaCli);
    expect(run.exitCode).toBe(1);
    expect(run.check('variables')).toMatchObject({
      status: 'fail',
      detail: 'compose.yaml:8:18  DOCTOR_API_TOKEN is not set: DOCTOR_API_TOKEN must be set',
    });
    expect(run.check('variables').fix).toContain('export DOCTOR_API_TOKEN=...');
    expect(run.check('ports').status).toBe('ok');
  });

  test('a variable set in .env satisfies the requirement', async () => {
    const folder = join(scratch, 'with-dotenv');
    execFileSync('cp', ['-r', fixture('required-variable'), folder]);
    await writeFile(join(folder, '.env'), 'DOCTOR_API_TOKEN=from-dotenv\n');
    const env = { ...baseEnv };
    delete env['DOCTOR_API_TOKEN'];
    const run = await runDoctorIn(folder, env, viaCli);
    expect(run.check('variables').status).toBe('ok');
  });

  test('a file-watch limit below the watched folders fails with the sysctl fix', async () => {
    const sysctl = join(scratch, 'inotify');
    execFileSync('mkdir', ['-p', sysctl]);
    await writeFile(join(sysctl, 'max_user_watches'), '3\n');
    await writeFile(join(sysctl, 'max_user_instances'), '128\n');
    const run = await runDoctorIn(
      fixture('stack'),
      { ...baseEnv, DOCTOR_PORT: String(await freePort()), DEVUP_INOTIFY_SYSCTL_DIR: sysctl },
      viaCli,
    );
    expect(run.exitCode).toBe(1);
    const watch = run.check('watch-limit');
    expect(watch.status).toBe('fail');
    // app, pages, pages/admin, static, static/css; generated/ is ignored by the rule.
    expect(watch.detail).toMatch(/^1 watch rule\(s\) over 5 folders need 5 watches; fs\.inotify\.max_user_watches=3/);
    expect(watch.fix).toContain('sudo sysctl fs.inotify.max_user_watches=524288');
    expect(watch.fix).toContain('/etc/sysctl.d/');
  });
});
