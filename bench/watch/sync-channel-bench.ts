// The sync channels side by side on one running container: a one-file batch (save ->
// confirmed in the container) over the long-lived stream and over the archive endpoint,
// and a 2,000-file batch over each. Usage: node bench/watch/sync-channel-bench.ts
// (after `pnpm build`).
import { percentile } from '../lib/harness.ts';
import { openSyncChannel, startBenchContainer, type Entry } from './bench-container.ts';

const container = await startBenchContainer('bench-watch', { network: true });
const { engine, containerId } = container;

const file = (name: string, text: string): Entry => ({
  type: 'file',
  name,
  mode: 0o644,
  mtime: new Date(),
  content: Buffer.from(text),
});
try {
  for (const kind of ['stream', 'archive'] as const) {
    const channel = await openSyncChannel(engine, containerId, { prefer: kind });
    const single: number[] = [];
    for (let index = 0; index < 20; index += 1) {
      const startedAt = performance.now();
      await channel.apply({ writes: [file('bench/app.py', `v = ${index}\n`)], deletes: [] });
      single.push(performance.now() - startedAt);
    }
    const burst = Array.from({ length: 2000 }, (_, index) =>
      file(`bench/burst/d${index % 40}/f${index}.py`, `v = ${index}\n`),
    );
    const burstStart = performance.now();
    await channel.apply({ writes: burst, deletes: [] });
    const burstMs = performance.now() - burstStart;
    await channel.close();
    console.log(
      JSON.stringify({
        channel: kind,
        oneFileP50Ms: +percentile(single, 0.5).toFixed(2),
        oneFileP95Ms: +percentile(single, 0.95).toFixed(2),
        burst2000Ms: Math.round(burstMs),
      }),
    );
  }
} finally {
  await container.remove();
}
