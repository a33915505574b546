// Sync under a hostile race: while files are saved, a watched sub-folder is swapped again
// and again for a symlink to a folder outside the watched one, which holds files of the
// same names with a secret in them. The container must never receive the secret, nothing
// may be written outside the sync target (in the container or on the host), and once the
// swapping stops the container holds exactly what the watched folder holds.

import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { readdir, readFile, rename, symlink, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { eventually } from '../../packages/daemon/src/engine/eventually.js';
import { startWatchStack, type WatchStack } from '../watch/watch-stack.js';

const SECRET = `SECRET-${randomUUID()}`;
const NAMES = ['a.txt', 'b.txt', 'c.txt', 'nested/d.txt'];
const WRITES = 60;

const compose = (name: string) => `
name: ${name}
services:
  web:
    image: debian:bookworm-slim
    command: ["sleep", "infinity"]
    init: true
    stop_grace_period: 1s
    develop:
      watch:
        - action: sync
          path: ./src
          target: /app/src
`;

let stack: WatchStack;
let failed = true;

beforeAll(async () => {
  stack = await startWatchStack(
    'symlink-race',
    compose,
    Object.fromEntries([['src/top.txt', 'top 0\n'], ...NAMES.map((name) => [`src/sub/${name}`, `inside 0 ${name}\n`])]),
    { quietMs: 5 },
  );
  mkdirSync(join(stack.folder, 'outside', 'nested'), { recursive: true });
  // Same names as inside (a read through the link would swap the content), and names only
  // the outside has (a listing through the link would add them, and they would stay).
  for (const name of [...NAMES, 'only-outside.txt', 'nested/only-outside.txt'])
    writeFileSync(join(stack.folder, 'outside', name), `${SECRET} ${name}\n`);
}, 180_000);

afterAll(async () => {
  if (failed) console.log(`artifacts: ${stack?.saveArtifacts()}`);
  await stack?.destroy();
}, 60_000);

/** Every file below a host folder with its content, following nothing. */
const hostFiles = async (root: string): Promise<Record<string, string>> => {
  const out: Record<string, string> = {};
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    out[path.slice(root.length + 1)] = await readFile(path, 'utf8');
  }
  return out;
};

test('a folder swapped for a symlink out of the watched folder during syncs never leaks or writes outside', async () => {
  const src = (path: string) => join(stack.folder, 'src', path);
  const held = join(stack.folder, 'held-sub');
  const outside = join(stack.folder, 'outside');
  const outsideBefore = await hostFiles(outside);
  let writing = true;
  let swaps = 0;
  // In the container, a loop that notes any moment a file under the target holds the secret
  // (a leaked file could be overwritten by a later sync before the end).
  const sentinel = await stack.engine.exec(await stack.containerOf('web'), {
    cmd: [
      'sh',
      '-c',
      `while [ ! -e /tmp/stop-sentinel ]; do grep -rl '${SECRET}' /app/src >> /tmp/leaks 2>/dev/null; sleep 0.005; done`,
    ],
    tty: false,
    attachStdin: false,
  });
  sentinel.stdout.resume();
  sentinel.stderr.resume();

  // Swapper: write into the real folder, swap it for the symlink, touch the outside files
  // (same names: a read through the link would find the secret), swap back.
  const swapper = (async () => {
    while (writing) {
      swaps += 1;
      await writeFile(src(`sub/${NAMES[swaps % NAMES.length]}`), `inside ${swaps}\n`);
      await rename(src('sub'), held);
      await symlink(outside, src('sub'));
      await writeFile(join(outside, NAMES[swaps % NAMES.length] as string), `${SECRET} ${swaps}\n`);
      await readdir(src('sub'));
      await unlink(src('sub'));
      await rename(held, src('sub'));
    }
  })();

  // Writer: saves at the top level and waits for each save to be synced, so syncs run
  // again and again while the swapper works.
  try {
    for (let index = 1; index <= WRITES; index += 1) {
      await writeFile(src('top.txt'), `top ${index}\n`);
      await eventually(
        async () => expect((await stack.exec('web', 'cat /app/src/top.txt')).stdout).toBe(`top ${index}\n`),
        20_000,
        20,
      );
    }
  } finally {
    writing = false;
    await swapper;
  }

  // The folder is real again: the container converges to it.
  await writeFile(src('marker.txt'), 'done\n');
  const expected = await hostFiles(join(stack.folder, 'src'));
  await eventually(
    async () => {
      const listing = await stack.exec(
        'web',
        'cd /app/src && find . -type f | sort | while read -r f; do printf "%s\\t%s" "${f#./}" "$(cat "$f")"; echo; done',
      );
      const inContainer = Object.fromEntries(
        listing.stdout
          .split('\n')
          .filter((line) => line !== '')
          .map((line) => line.split('\t') as [string, string]),
      );
      expect(inContainer).toEqual(
        Object.fromEntries(Object.entries(expected).map(([path, content]) => [path, content.replace(/\n$/, '')])),
      );
    },
    20_000,
    200,
  );
  await stack.session.whenIdle();
  await stack.exec('web', 'touch /tmp/stop-sentinel');
  await sentinel.exitCode;
  expect((await stack.exec('web', 'sort -u /tmp/leaks 2>/dev/null; true')).stdout).toBe('');

  // Never the secret, anywhere in the container; no synced name outside the target.
  const secret = await stack.exec(
    'web',
    `grep -rl --exclude-dir=proc --exclude-dir=sys --exclude-dir=dev '${SECRET}' / 2>/dev/null; true`,
  );
  expect(secret.stdout).toBe('');
  const strays = await stack.exec(
    'web',
    `find / -xdev \\( -name a.txt -o -name b.txt -o -name c.txt -o -name d.txt -o -name top.txt -o -name only-outside.txt \\) -not -path '/app/src/*'`,
  );
  expect(strays.stdout).toBe('');
  // On the host, the outside folder holds only what the swapper itself wrote there.
  const outsideAfter = await hostFiles(outside);
  expect(Object.keys(outsideAfter).sort()).toEqual(Object.keys(outsideBefore).sort());
  for (const content of Object.values(outsideAfter)) expect(content.startsWith(SECRET)).toBe(true);

  const skipped = stack.activity.filter((line) =>
    / skipped .*(outside the watched folder|became a symlink)/.test(line),
  );
  console.log(`${swaps} swaps during ${WRITES} synced saves; ${skipped.length} entries refused as leading outside`);
  expect(swaps).toBeGreaterThan(WRITES);
  failed = false;
});
