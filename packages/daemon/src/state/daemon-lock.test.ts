import { mkdtempSync, statSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { acquireDaemonLock, probeSocket } from './daemon-lock.js';
import { ensurePrivateDir } from './private-dir.js';
import { resolveRuntimePaths } from './runtime-paths.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'devup-lock-'));

describe('daemon lock', () => {
  test('only one holder while it serves its socket; released, it can be taken again', async () => {
    const directory = tempDir();
    const pidFile = join(directory, 'devd.pid');
    const socketPath = join(directory, 'devd.sock');
    const first = await acquireDaemonLock(pidFile, socketPath, process.pid);
    expect(first.kind).toBe('acquired');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    const second = await acquireDaemonLock(pidFile, socketPath, process.pid + 1);
    expect(second).toEqual({ kind: 'held', pid: process.pid });
    await new Promise<void>((resolve) => server.close(() => resolve()));
    if (first.kind === 'acquired') first.release();
    expect((await acquireDaemonLock(pidFile, socketPath, process.pid)).kind).toBe('acquired');
  });

  test('a live process that is not a devd and serves no socket does not hold the lock (pid reused)', async () => {
    const directory = tempDir();
    const pidFile = join(directory, 'devd.pid');
    writeFileSync(pidFile, `${process.pid}\n`);
    expect((await acquireDaemonLock(pidFile, join(directory, 'devd.sock'), process.pid + 1)).kind).toBe('acquired');
  });

  test('a pid file left by a dead process is stale and replaced', async () => {
    const directory = tempDir();
    const pidFile = join(directory, 'devd.pid');
    writeFileSync(pidFile, '999999999\n');
    const result = await acquireDaemonLock(pidFile, join(directory, 'devd.sock'), process.pid);
    expect(result.kind).toBe('acquired');
  });

  test('probeSocket tells a listening socket from a dead one', async () => {
    const directory = tempDir();
    const socketPath = join(directory, 'probe.sock');
    expect(await probeSocket(socketPath)).toBe(false);
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socketPath, resolve));
    expect(await probeSocket(socketPath)).toBe(true);
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});

describe('run directory', () => {
  test('created 0700; a looser mode is tightened and reported', () => {
    const directory = join(tempDir(), 'devup');
    expect(ensurePrivateDir(directory)).toEqual({ kind: 'created' });
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    chmodSync(directory, 0o755);
    expect(ensurePrivateDir(directory)).toEqual({ kind: 'fixed', previousMode: 0o755 });
    expect(statSync(directory).mode & 0o777).toBe(0o700);
    expect(ensurePrivateDir(directory)).toEqual({ kind: 'ok' });
  });

  test('a file where the directory should be is refused with a message', () => {
    const directory = tempDir();
    const path = join(directory, 'devup');
    writeFileSync(path, '');
    expect(() => ensurePrivateDir(path)).toThrow(/exists and is not a directory/);
    mkdirSync(join(directory, 'other'));
  });
});

test.each([
  [
    { XDG_RUNTIME_DIR: '/run/user/1000', HOME: '/home/ada' },
    '/run/user/1000/devup/devd.sock',
    '/home/ada/.devup/state.json',
  ],
  [{ HOME: '/home/ada' }, '/home/ada/.devup/run/devd.sock', '/home/ada/.devup/state.json'],
  [
    { HOME: '/home/ada', XDG_STATE_HOME: '/home/ada/.local/state' },
    '/home/ada/.devup/run/devd.sock',
    '/home/ada/.local/state/devup/state.json',
  ],
])('runtime paths for %j', (env, socketPath, stateFile) => {
  const paths = resolveRuntimePaths(env);
  expect(paths.socketPath).toBe(socketPath);
  expect(paths.stateFile).toBe(stateFile);
});
