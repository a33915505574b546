// The folder watcher on synthetic trees, in a process of its own: kernel watches (from
// /proc/<pid>/fdinfo), time to ready, idle CPU and RSS while nothing changes.
// Usage: node bench/watch/measure-watcher.ts [FILES...]   (after `pnpm build`)
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { countInotifyWatches } from './inotify-watches.ts';
import { makeTree } from './make-tree.ts';

const modulePath = process.env.WATCHER_MODULE ?? '../../packages/daemon/dist/watch/file-watcher.js';

if (process.argv[2] === '--child') {
  const { watchFolder } = (await import(
    modulePath
  )) as typeof import('../../packages/daemon/src/watch/file-watcher.ts');
  const startedAt = performance.now();
  await watchFolder({ root: process.argv[3]!, onChanges: () => {}, onError: (error) => console.error(error.message) });
  console.log(JSON.stringify({ readyMs: Math.round(performance.now() - startedAt) }));
  setInterval(() => {}, 60_000);
} else {
  const sizes = process.argv.slice(2).map(Number);
  const ticksPerSecond = 100;
  const cpuTicks = (pid: number) => {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[11]) + Number(fields[12]);
  };
  const rssMB = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))![1]) / 1024;
  for (const fileCount of sizes.length > 0 ? sizes : [20_000, 100_000]) {
    const base = mkdtempSync(join(tmpdir(), 'bench-watch-'));
    const { folders } = makeTree(base, fileCount);
    const child = spawn(process.execPath, ['--no-warnings', fileURLToPath(import.meta.url), '--child', base], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const ready = await new Promise<{ readyMs: number }>((resolve) =>
      child.stdout.once('data', (text: Buffer) => resolve(JSON.parse(text.toString()))),
    );
    const pid = child.pid!;
    await sleep(3000);
    const ticksBefore = cpuTicks(pid);
    const idleSeconds = 20;
    await sleep(idleSeconds * 1000);
    const idleCpuPercent = ((cpuTicks(pid) - ticksBefore) / ticksPerSecond / idleSeconds) * 100;
    console.log(
      JSON.stringify({
        files: fileCount,
        folders: folders + Math.ceil(folders / 40) + 1,
        inotifyWatches: countInotifyWatches(pid),
        readyMs: ready.readyMs,
        rssMB: Math.round(rssMB(pid)),
        idleCpuPercent: Number(idleCpuPercent.toFixed(2)),
      }),
    );
    child.kill();
    rmSync(base, { recursive: true, force: true });
  }
}
