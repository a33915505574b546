// Summarises a V8 .cpuprofile (from `node --cpu-prof`): the functions with the most self
// time, and the source files with the most self time, as shares of the sampled time.
// Usage: node bench/load/summarise-profile.ts FILE.cpuprofile [TOP]
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

const [file, topArg] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: summarise-profile.ts FILE.cpuprofile [TOP]');
const top = Number(topArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[]; samples: number[] };
const hits = new Map<number, number>();
for (const sample of profile.samples) hits.set(sample, (hits.get(sample) ?? 0) + 1);
const total = profile.samples.length;
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const node of profile.nodes) {
  const count = hits.get(node.id) ?? 0;
  if (count === 0) continue;
  const url = node.callFrame.url.replace(/^file:\/\/.*?\/(node_modules|packages)\//, '$1/');
  const name = `${node.callFrame.functionName || '(anonymous)'} ${url}:${node.callFrame.lineNumber + 1}`;
  byFunction.set(name, (byFunction.get(name) ?? 0) + count);
  const where = url === '' ? node.callFrame.functionName : url;
  byFile.set(where, (byFile.get(where) ?? 0) + count);
}
const print = (title: string, entries: Map<string, number>): void => {
  console.log(`${title} (of ${total} samples)`);
  for (const [name, count] of [...entries].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${((count / total) * 100).toFixed(1).padStart(5)}%  ${name}`);
};
print('self time by function', byFunction);
print('self time by file', byFile);
