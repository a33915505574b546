// Save -> visible in the container, and a 2,000-file burst, devup's watch session side by
// side with `docker compose watch` on the same stack (brought up by `docker compose up`).
// A probe inside the container prints a file's content the moment it changes, so both
// are timed the same way. Usage: node bench/watch/watch-bench.ts (after `pnpm build`).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { median, percentile, type Benchmark, type BenchmarkResult } from '../lib/harness.ts';

const dist = '../../packages/daemon/dist';
const { DockerEngine } = (await import(
  `${dist}/engine/docker-engine.js`
)) as typeof import('../../packages/daemon/src/engine/docker-engine.ts');
const { WatchSession } = (await import(
  `${dist}/watch/watch-session.js`
)) as typeof import('../../packages/daemon/src/watch/watch-session.ts');
const { loadProject } =
  (await import('../../packages/schema/dist/index.js')) as unknown as typeof import('../../packages/schema/src/index.ts');

const EDITS = Number(process.env.WATCH_BENCH_EDITS ?? 20);
const BURST = 2000;

const composeYaml = (name: string) => `
name: ${name}
services:
  web:
    build: ./app
    command: ["sleep", "infinity"]
    init: true
    stop_grace_period: 1s
    develop:
      watch:
        - action: sync
          path: ./src
          target: /app/src
`;

function docker(args: string[], cwd?: string): string {
  const result = spawnSync('docker', args, { encoding: 'utf8', cwd });
  if (result.status !== 0) throw new Error(`docker ${args.join(' ')}: ${result.stderr}`);
  return result.stdout.trim();
}

/** A process in the container that prints the probe file whenever its content changes. */
function startProbe(container: string): { next(expected: string): Promise<number>; stop(): void } {
  const script =
    'prev=; while :; do c=; IFS= read -r c < /app/src/probe.txt 2>/dev/null; if [ "$c" != "$prev" ]; then echo "$c"; prev=$c; fi; done';
  const child = spawn('docker', ['exec', '-i', container, 'sh', '-c', script], { stdio: ['ignore', 'pipe', 'ignore'] });
  let buffered = '';
  const waiters: { expected: string; resolve: (at: number) => void }[] = [];
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (text: string) => {
    const at = performance.now();
    buffered += text;
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const index = waiters.findIndex((waiter) => waiter.expected === line);
      if (index >= 0) waiters.splice(index, 1)[0]!.resolve(at);
    }
  });
  return {
    next: (expected) => new Promise((resolve) => waiters.push({ expected, resolve })),
    stop: () => child.kill(),
  };
}

async function measureEdits(folder: string, container: string, label: string): Promise<number[]> {
  const probe = startProbe(container);
  const samples: number[] = [];
  try {
    // Warm up: the first sync opens the channel.
    for (let index = -2; index < EDITS; index += 1) {
      const value = `${label}-${index}-${randomUUID().slice(0, 6)}`;
      const visible = probe.next(value);
      const savedAt = performance.now();
      writeFileSync(join(folder, 'src', 'probe.txt'), `${value}\n`);
      const seenAt = await Promise.race([visible, sleep(15_000).then(() => Number.NaN)]);
      if (index >= 0) samples.push(seenAt - savedAt);
      await sleep(250);
    }
  } finally {
    probe.stop();
  }
  return samples;
}

async function measureBurst(folder: string, container: string, tag: string): Promise<number> {
  const startedAt = performance.now();
  for (let index = 0; index < BURST; index += 1) {
    const dir = join(folder, 'src', `burst-${tag}`, `d${index % 40}`);
    if (index < 40) mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, `f${index}.py`), `value = ${index}\n`);
  }
  for (;;) {
    const count = Number(
      docker(['exec', container, 'sh', '-c', `find /app/src/burst-${tag} -type f 2>/dev/null | wc -l`]),
    );
    if (count >= BURST) return performance.now() - startedAt;
    if (performance.now() - startedAt > 180_000) return Number.NaN;
    await sleep(100);
  }
}

export async function runWatchBenchmarks(): Promise<BenchmarkResult[]> {
  const projectName = `bench-watch-${randomUUID().slice(0, 6)}`;
  const folder = mkdtempSync(join(tmpdir(), `${projectName}-`));
  mkdirSync(join(folder, 'src'));
  writeFileSync(join(folder, 'src', 'probe.txt'), 'start\n');
  writeFileSync(join(folder, 'compose.yaml'), composeYaml(projectName));
  // Compose 2.26 watches only services with a build section.
  mkdirSync(join(folder, 'app'));
  writeFileSync(join(folder, 'app', 'Dockerfile'), 'FROM debian:bookworm-slim\n');
  docker(['compose', '-p', projectName, 'up', '-d', '--quiet-pull'], folder);
  const container = docker(['compose', '-p', projectName, 'ps', '-q', 'web'], folder);
  let composeWatch: ChildProcess | undefined;
  try {
    // devup
    const loaded = await loadProject({ cwd: folder, env: {} });
    if (!loaded.ok) throw new Error('compose.yaml does not load');
    const engine = new DockerEngine();
    const session = new WatchSession({
      engine,
      project: loaded.project,
      containersFor: async () => [container],
      rebuild: async () => {},
      onState: () => {},
      onActivity: (text) => {
        if (process.env.WATCH_BENCH_VERBOSE) console.error(text);
      },
    });
    await session.start();
    const devupEdits = await measureEdits(folder, container, 'devup');
    const devupBurst = await measureBurst(folder, container, 'devup');
    await session.stop();

    // Docker Compose
    composeWatch = spawn('docker', ['compose', '-p', projectName, 'watch'], { cwd: folder, stdio: 'ignore' });
    await sleep(3000);
    const composeEdits = await measureEdits(folder, container, 'compose');
    const composeBurst = await measureBurst(folder, container, 'compose');

    const note = (values: number[]) =>
      `p50 ${median(values).toFixed(1)} ms, p95 ${percentile(values, 0.95).toFixed(1)} ms`;
    return [
      {
        name: 'watch: save -> visible in container (p50)',
        unit: 'ms',
        devup: devupEdits,
        anchor: composeEdits,
        anchorName: 'docker compose watch',
        target: '<= 0.5x',
        notes: `devup ${note(devupEdits)}; compose ${note(composeEdits)}; ${EDITS} edits`,
      },
      {
        name: 'watch: 2,000-file burst fully applied',
        unit: 'ms',
        devup: [devupBurst],
        anchor: [composeBurst],
        anchorName: 'docker compose watch',
        target: '<= 1.0x',
      },
    ];
  } finally {
    composeWatch?.kill();
    spawnSync('docker', ['compose', '-p', projectName, 'down', '--timeout', '1', '--rmi', 'local'], { cwd: folder });
    rmSync(folder, { recursive: true, force: true });
  }
}

export const watchBenchmarks: Benchmark[] = [{ name: 'watch', run: runWatchBenchmarks }];

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const result of await runWatchBenchmarks()) console.log(JSON.stringify(result));
}
