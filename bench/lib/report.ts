// Writes BENCHMARKS.md: date, versions, machine, medians and ratios.
import { execFileSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { type BenchmarkResult, median, ratioOf } from './harness.ts';

function versionOf(command: string, args: string[]): string {
  try {
    return execFileSync(command, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] })
      .trim()
      .split('\n')[0]!;
  } catch {
    return 'not available';
  }
}

function formatNumber(value: number): string {
  if (!Number.isFinite(value)) return 'n/a';
  if (Math.abs(value) >= 100) return value.toFixed(0);
  if (Math.abs(value) >= 10) return value.toFixed(1);
  return value.toFixed(2);
}

export function renderReport(results: BenchmarkResult[], devupVersion: string): string {
  const lines = [
    '# Benchmarks',
    '',
    'Written by `pnpm bench`. Every row pairs devup with the anchor on the same machine in the same run;',
    "the ratio is devup's median over the anchor's (below 1 is faster for times, above 1 is better for rates).",
    '',
    `- date: ${new Date().toISOString()}`,
    `- devup: ${devupVersion}`,
    `- node: ${process.version}`,
    `- docker engine: ${versionOf('docker', ['version', '--format', '{{.Server.Version}}'])}`,
    `- anchor: ${versionOf('docker', ['compose', 'version'])}`,
    `- machine: ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'}), ${Math.round(totalmem() / 2 ** 30)} GiB`,
    '',
    '| benchmark | unit | devup median | anchor | anchor median | ratio | target | runs |',
    '| --- | --- | ---: | --- | ---: | ---: | --- | ---: |',
  ];
  for (const result of results) {
    const ratio = ratioOf(result);
    lines.push(
      `| ${result.name} | ${result.unit} | ${formatNumber(median(result.devup))} | ${result.anchorName ?? '-'} | ` +
        `${result.anchor ? formatNumber(median(result.anchor)) : '-'} | ${ratio === undefined ? '-' : `${formatNumber(ratio)}x`} | ` +
        `${result.target ?? '-'} | ${result.devup.length} |`,
    );
  }
  const notes = results.filter((result) => result.notes);
  if (notes.length > 0) {
    lines.push('', '## Notes', '');
    for (const result of notes) lines.push(`- ${result.name}: ${result.notes}`);
  }
  return `${lines.join('\n')}\n`;
}
