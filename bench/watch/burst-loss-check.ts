// Diagnostic: the watcher, the batcher and the batch reader on a 2,000-file burst written
// by another process; every file must end up in some batch. Usage:
// node bench/watch/burst-loss-check.ts [ROUNDS] (after `pnpm build`).
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const dist = '../../packages/daemon/dist';
const { watchFolder } = (await import(
  `${dist}/watch/file-watcher.js`
)) as typeof import('../../packages/daemon/src/watch/file-watcher.ts');
const { ChangeBatcher } = (await import(
  `${dist}/watch/change-batcher.js`
)) as typeof import('../../packages/daemon/src/watch/change-batcher.ts');
const { collectSyncBatch } = (await import(
  `${dist}/sync/collect-sync-batch.js`
)) as typeof import('../../packages/daemon/src/sync/collect-sync-batch.ts');

const execFileAsync = promisify(execFile);
const ROUNDS = Number(process.argv[2] ?? 5);
const root = mkdtempSync(join(tmpdir(), 'burst-loss-'));
const collected = new Set<string>();
let busy = Promise.resolve();
const batcher = new ChangeBatcher({
  onBatch: (paths) => {
    busy = busy.then(async () => {
      const batch = await collectSyncBatch(
        paths.map((hostPath) => ({
          hostPath,
          hostRoot: root,
          target: '/t',
          relativeName: hostPath.slice(root.length + 1),
          ignore: [],
          include: [],
        })),
      );
      for (const write of batch.writes) if (write.type === 'file') collected.add(write.name);
      // A slow channel, as on a loaded machine.
      await new Promise((resolve) => setTimeout(resolve, 300));
    });
  },
});
const startWatcher = () =>
  watchFolder({
    root,
    onChanges: (paths) => batcher.add(paths),
    onError: (error) => console.error(error.message),
    onRescan: (reason) => console.error(`rescan: ${reason}`),
  });
// A fresh watcher each round (as a daemon restarting its session would), unless FRESH=0.
let watcher = await startWatcher();
try {
  for (let round = 0; round < ROUNDS; round += 1) {
    if (round > 0 && process.env.FRESH !== '0') {
      await watcher.close();
      watcher = await startWatcher();
    }
    const writer = `
      const { mkdirSync, writeFileSync } = require('node:fs');
      const { join } = require('node:path');
      for (let index = 0; index < 2000; index += 1) {
        const dir = join(${JSON.stringify(join(root, `b${round}`))}, 'd' + (index % 40));
        if (index < 40) mkdirSync(dir, { recursive: true });
        writeFileSync(join(dir, 'f' + index + '.py'), 'value = ' + index + '\\n');
      }`;
    await execFileAsync(process.execPath, ['-e', writer]);
    const deadline = Date.now() + 30_000;
    const names = () => [...collected].filter((name) => name.startsWith(`t/b${round}/`));
    while (names().length < 2000 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    const missing = Array.from({ length: 2000 }, (_, index) => `t/b${round}/d${index % 40}/f${index}.py`).filter(
      (name) => !collected.has(name),
    );
    console.log(
      `round ${round}: ${2000 - missing.length} of 2000 collected; missing e.g. ${missing.slice(0, 5).join(' ')}`,
    );
  }
} finally {
  await watcher.close();
  batcher.dispose();
  rmSync(root, { recursive: true, force: true });
}
