// The procfs readers against a fake /proc tree: symlinks stand in for fd links and exe.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { countInotifyUsage, createInotifyProbe } from './inotify-probe.js';
import { findPortHolders } from './proc-sockets.js';

let procRoot = '';

const processEntry = async (
  pid: number,
  fields: {
    exe?: string;
    comm: string;
    cmdline: string[];
    fds: Record<string, string>;
    fdinfo?: Record<string, string>;
  },
) => {
  const folder = join(procRoot, String(pid));
  await mkdir(join(folder, 'fd'), { recursive: true });
  await mkdir(join(folder, 'fdinfo'), { recursive: true });
  await writeFile(join(folder, 'comm'), `${fields.comm}\n`);
  await writeFile(join(folder, 'cmdline'), `${fields.cmdline.join('\0')}\0`);
  if (fields.exe !== undefined) await symlink(fields.exe, join(folder, 'exe'));
  for (const [fd, target] of Object.entries(fields.fds)) await symlink(target, join(folder, 'fd', fd));
  for (const [fd, text] of Object.entries(fields.fdinfo ?? {})) await writeFile(join(folder, 'fdinfo', fd), text);
};

beforeAll(async () => {
  procRoot = await mkdtemp(join(tmpdir(), 'doctor-proc-'));
  await mkdir(join(procRoot, 'net'));
  await writeFile(
    join(procRoot, 'net', 'tcp'),
    [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 41234 1 0000000000000000 100 0 0 10 0',
      '',
    ].join('\n'),
  );
  await processEntry(100, {
    exe: '/usr/local/bin/node',
    comm: 'MainThread',
    cmdline: ['node', 'server.js'],
    fds: { '0': '/dev/null', '3': 'socket:[41234]' },
  });
  await processEntry(200, {
    comm: 'code',
    cmdline: ['code', '--watch'],
    fds: { '5': 'anon_inode:inotify', '6': 'anon_inode:inotify', '7': 'socket:[1]' },
    fdinfo: {
      '5': 'pos:\t0\nflags:\t00\ninotify wd:1 ino:2 sdev:3\ninotify wd:2 ino:3 sdev:3\n',
      '6': 'pos:\t0\ninotify wd:1 ino:9 sdev:3\n',
    },
  });
  const sysctl = join(procRoot, 'sysctl');
  await mkdir(sysctl);
  await writeFile(join(sysctl, 'max_user_watches'), '42\n');
  await writeFile(join(sysctl, 'max_user_instances'), '7\n');
});

afterAll(async () => {
  await rm(procRoot, { recursive: true, force: true });
});

describe('findPortHolders', () => {
  test('maps the listening socket to the process and names it by its executable', async () => {
    expect(await findPortHolders(8080, 'tcp', procRoot)).toEqual([
      { pid: 100, command: 'node', commandLine: 'node server.js' },
    ]);
  });

  test('nothing listens on another port', async () => {
    expect(await findPortHolders(8081, 'tcp', procRoot)).toEqual([]);
  });
});

describe('inotify usage and limits', () => {
  test('counts instances and their watches for the user', async () => {
    expect(await countInotifyUsage(procRoot, process.getuid?.() ?? 0)).toEqual({ watches: 3, instances: 2 });
  });

  test('reads the limits from DEVUP_INOTIFY_SYSCTL_DIR', async () => {
    const limits = await createInotifyProbe({ DEVUP_INOTIFY_SYSCTL_DIR: join(procRoot, 'sysctl') }, procRoot)();
    expect(limits).toEqual({
      source: join(procRoot, 'sysctl'),
      maxUserWatches: 42,
      maxUserInstances: 7,
      watchesInUse: 3,
      instancesInUse: 2,
    });
  });

  test('no limits file: undefined', async () => {
    expect(await createInotifyProbe({ DEVUP_INOTIFY_SYSCTL_DIR: join(procRoot, 'none') }, procRoot)()).toBeUndefined();
  });
});
