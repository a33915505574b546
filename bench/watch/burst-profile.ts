// Where a 2,000-file sync batch spends its time, on one running container: packing the
// tar in memory, the framed stream (pack + transfer + tar -x + reply), the engine's
// archive endpoint, and tar -x alone fed by `docker exec -i`. Usage:
// node bench/watch/burst-profile.ts [REPETITIONS] (after `pnpm build`).
import { spawnSync } from 'node:child_process';
import { median } from '../lib/harness.ts';
import { openSyncChannel, startBenchContainer, type Entry } from './bench-container.ts';

const dist = '../../packages/daemon/dist';
const { packTarBatch } = (await import(
  `${dist}/archive/tar-batch.js`
)) as typeof import('../../packages/daemon/src/archive/tar-batch.ts');

const REPETITIONS = Number(process.argv[2] ?? 5);
const container = await startBenchContainer('bench-watch-profile');
const { engine, containerId } = container;

const burst = (tag: string): Entry[] => [
  ...Array.from({ length: 40 }, (_, index): Entry => ({
    type: 'directory',
    name: `app/${tag}/d${index}`,
    mode: 0o755,
    mtime: new Date(),
  })),
  ...Array.from({ length: 2000 }, (_, index): Entry => ({
    type: 'file',
    name: `app/${tag}/d${index % 40}/f${index}.py`,
    mode: 0o644,
    mtime: new Date(),
    content: Buffer.from(`value = ${index}\n`),
  })),
];

const timings: Record<string, number[]> = { pack: [], stream: [], archive: [], 'exec tar -x': [] };
const time = async (name: string, run: () => Promise<unknown> | unknown): Promise<void> => {
  const startedAt = performance.now();
  await run();
  timings[name]!.push(performance.now() - startedAt);
};
try {
  const stream = await openSyncChannel(engine, containerId, { prefer: 'stream' });
  const archive = await openSyncChannel(engine, containerId, { prefer: 'archive' });
  for (let round = 0; round < REPETITIONS; round += 1) {
    await time('pack', () => packTarBatch(burst(`p${round}`)));
    await time('stream', () => stream.apply({ writes: burst(`s${round}`), deletes: [] }));
    await time('archive', () => archive.apply({ writes: burst(`a${round}`), deletes: [] }));
    const tar = await packTarBatch(burst(`x${round}`));
    await time('exec tar -x', () =>
      spawnSync('docker', ['exec', '-i', containerId, 'tar', '-x', '-f', '-', '-C', '/'], { input: tar }),
    );
  }
  await stream.close();
  for (const [name, values] of Object.entries(timings))
    console.log(
      `${name.padEnd(12)} median ${median(values).toFixed(0)} ms  (${values.map((value) => value.toFixed(0)).join(', ')})`,
    );
} finally {
  await container.remove();
}
