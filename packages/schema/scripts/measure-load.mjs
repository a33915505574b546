// Whole-process time of loading a project and printing it as JSON (what `dev config` does
// inside), beside `docker compose config` on the same file, alternating runs; medians.
// Usage: node packages/schema/scripts/measure-load.mjs [compose-file] [runs]
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packageRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const file =
  process.argv[2] ?? join(packageRoot, 'test/conformance/awesome-compose/pihole-cloudflared-DoH/compose.yaml');
const runs = Number(process.argv[3] ?? 15);
const entry = join(packageRoot, 'dist/index.js');
const script = `const { loadProject, serializeProject } = await import(${JSON.stringify(entry)});
const result = await loadProject({ cwd: process.cwd(), env: process.env, files: [${JSON.stringify(file)}] });
process.stdout.write(result.ok ? serializeProject(result.project, 'json') : JSON.stringify(result.issues));`;

const time = (command, args) => {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
};
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

const devup = [];
const compose = [];
for (let run = 0; run < runs; run += 1) {
  devup.push(time(process.execPath, ['--input-type=module', '-e', script]));
  compose.push(time('docker', ['compose', '-f', file, 'config', '--format', 'json']));
}
const [ours, theirs] = [median(devup), median(compose)];
console.log(`loader (node process): median ${ours.toFixed(1)} ms`);
console.log(`docker compose config: median ${theirs.toFixed(1)} ms`);
console.log(`ratio: ${(ours / theirs).toFixed(2)}x over ${runs} alternating runs`);
