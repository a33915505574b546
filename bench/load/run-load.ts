// Runs only the load benchmark and prints its rows, without rewriting BENCHMARKS.md.
// Usage: pnpm build && DEVUP_LOAD_SECONDS=300 node bench/load/run-load.ts
import { runLoad } from './load-bench.ts';

const results = await runLoad();
for (const result of results)
  console.log(
    `${result.name}: ${result.devup.map((value) => value.toFixed(1)).join(', ')} ${result.unit}${result.notes === undefined ? '' : ` (${result.notes})`}`,
  );
