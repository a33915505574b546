// The benchmark harness: each benchmark pairs a devup measurement with the same job done
// by the anchor (Docker Compose v2) in the same run, and reports medians and ratios.

export interface Sample {
  /** What one repetition measured, in `unit`. */
  value: number;
}

export interface BenchmarkResult {
  name: string;
  unit: 'ms' | 'lines/s' | '%' | 'MB' | 'count';
  devup: number[];
  anchor?: number[];
  anchorName?: string;
  /** Whether a bigger value is better (throughput) or worse (time). */
  higherIsBetter?: boolean;
  /** The target, e.g. "<= 1.0x". */
  target?: string;
  notes?: string;
}

export interface Benchmark {
  name: string;
  run(): Promise<BenchmarkResult[]>;
}

export function median(values: number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

export function percentile(values: number[], fraction: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((left, right) => left - right);
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(fraction * sorted.length) - 1));
  return sorted[index]!;
}

/** devup's median over the anchor's median. */
export function ratioOf(result: BenchmarkResult): number | undefined {
  if (!result.anchor || result.anchor.length === 0) return undefined;
  return median(result.devup) / median(result.anchor);
}

/** Runs `measureDevup` and `measureAnchor` alternately so both see the same machine load. */
export async function alternate(
  repetitions: number,
  measureDevup: () => Promise<number>,
  measureAnchor: () => Promise<number>,
): Promise<{ devup: number[]; anchor: number[] }> {
  const devup: number[] = [];
  const anchor: number[] = [];
  for (let index = 0; index < repetitions; index += 1) {
    devup.push(await measureDevup());
    anchor.push(await measureAnchor());
  }
  return { devup, anchor };
}
