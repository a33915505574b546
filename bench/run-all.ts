// Runs every benchmark in bench/ and writes BENCHMARKS.md at the repository root.
// Usage: pnpm bench [NAME-SUBSTRING...]
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Benchmark, BenchmarkResult } from './lib/harness.ts';
import { renderReport } from './lib/report.ts';
import { runProcess } from './lib/run-process.ts';
import { devBin } from './lib/paths.ts';
import { configBenchmarks } from './config/config-bench.ts';
import { upBenchmarks } from './daemon/up-bench.ts';
import { logStreamBenchmarks } from './tui/log-stream-bench.ts';
import { loadBenchmarks } from './load/load-bench.ts';
import { watchBenchmarks } from './watch/watch-bench.ts';

const allBenchmarks: Benchmark[] = [
  ...configBenchmarks,
  ...upBenchmarks,
  ...logStreamBenchmarks,
  ...loadBenchmarks,
  ...watchBenchmarks,
];

const filters = process.argv.slice(2);
const selected = allBenchmarks.filter(
  (benchmark) => filters.length === 0 || filters.some((filter) => benchmark.name.includes(filter)),
);

const results: BenchmarkResult[] = [];
for (const benchmark of selected) {
  process.stdout.write(`bench: ${benchmark.name} ... `);
  try {
    const benchmarkResults = await benchmark.run();
    results.push(...benchmarkResults);
    console.log('done');
  } catch (error) {
    console.log('failed');
    results.push({
      name: benchmark.name,
      unit: 'ms',
      devup: [],
      notes: `failed: ${(error as Error).message.split('\n')[0]}`,
    });
  }
}

const devupVersion = (await runProcess(process.execPath, [devBin, '--version'])).stdout.trim() || 'unknown';
const report = renderReport(results, devupVersion);
writeFileSync(fileURLToPath(new URL('../BENCHMARKS.md', import.meta.url)), report);
console.log(report);
