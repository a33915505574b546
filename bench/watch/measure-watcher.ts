// Measures the folder watcher on synthetic trees: kernel watches, RSS, idle CPU.
// Usage: node bench/watch/measure-watcher.ts [FILES...]   (needs `pnpm build` first)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { countInotifyWatches } from './inotify-watches.ts';
import { makeTree } from './make-tree.ts';

const modulePath = process.env.WATCHER_MODULE ?? '../../packages/daemon/dist/watch/file-watcher.js';
const { watchFolder } = (await import(modulePath)) as typeof import('../../packages/daemon/src/watch/file-watcher.ts');

const sizes = process.argv.slice(2).map(Number);
for (const fileCount of sizes.length > 0 ? sizes : [20_000, 100_000]) {
  const base = mkdtempSync(join(tmpdir(), 'bench-watch-'));
  const { folders } = makeTree(base, fileCount);
  const rssBefore = process.memoryUsage().rss;
  const startedAt = performance.now();
  const watcher = await watchFolder({
    root: base,
    onChanges: () => {},
    onError: (error) => console.error(error.message),
  });
  const readyMs = performance.now() - startedAt;
  const watches = countInotifyWatches();
  global.gc?.();
  await sleep(2000);
  const cpuBefore = process.cpuUsage();
  const idleStart = performance.now();
  await sleep(10_000);
  const cpu = process.cpuUsage(cpuBefore);
  const idleCpuPercent = ((cpu.user + cpu.system) / 1000 / (performance.now() - idleStart)) * 100;
  const rss = process.memoryUsage().rss;
  console.log(
    JSON.stringify({
      files: fileCount,
      folders: folders + 1,
      inotifyWatches: watches,
      readyMs: Math.round(readyMs),
      rssMB: Math.round(rss / 1e6),
      heapMB: Math.round(process.memoryUsage().heapUsed / 1e6),
      rssGrowthMB: Math.round((rss - rssBefore) / 1e6),
      idleCpuPercent: Number(idleCpuPercent.toFixed(2)),
    }),
  );
  await watcher.close();
  rmSync(base, { recursive: true, force: true });
}
