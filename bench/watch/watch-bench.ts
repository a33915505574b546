// Save -> visible in the container, and a 2,000-file burst, devup's watch session side by
// side with `docker compose watch` on the same stack (brought up by `docker compose up`).
// A probe inside the container prints a file's content the moment it changes, so both
// are timed the same way. Usage: node bench/watch/watch-bench.ts (after `pnpm build`).
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { promisify } from 'node:util';
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
const ROUNDS = Number(process.env.WATCH_BENCH_ROUNDS ?? 5);
const execFileAsync = promisify(execFile);

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

/**
 * A process in the container that prints the probe file whenever its content changes. It
 * polls without pause, so it stops itself when told (killing `docker exec` would leave it
 * spinning in the container and slow down what is measured next).
 */
function startProbe(container: string): { next(expected: string): Promise<number>; stop(): void } {
  const stopFile = `/tmp/probe-stop-${randomUUID().slice(0, 6)}`;
  const script =
    `prev=; while [ ! -e ${stopFile} ]; do c=; IFS= read -r c < /app/src/probe.txt 2>/dev/null; ` +
    'if [ "$c" != "$prev" ]; then echo "$c"; prev=$c; fi; done';
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
    stop: () => {
      docker(['exec', container, 'touch', stopFile]);
      child.kill();
    },
  };
}

async function measureEdits(folder: string, container: string, label: string, edits: number): Promise<number[]> {
  const probe = startProbe(container);
  const samples: number[] = [];
  try {
    // Warm up: the first sync opens the channel.
    for (let index = -2; index < edits; index += 1) {
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

/**
 * 2,000 new files in 40 new folders, written by a process of its own (as git or an editor
 * would: the watcher's event loop is not blocked by the writer), until the container holds
 * them all. The container is polled without blocking this process either.
 */
async function measureBurst(folder: string, container: string, tag: string): Promise<number> {
  const writer = `
    const { mkdirSync, writeFileSync } = require('node:fs');
    const { join } = require('node:path');
    for (let index = 0; index < ${BURST}; index += 1) {
      const dir = join(${JSON.stringify(join(folder, 'src', `burst-${tag}`))}, 'd' + (index % 40));
      if (index < 40) mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, 'f' + index + '.py'), 'value = ' + index + '\\n');
    }`;
  const startedAt = performance.now();
  const written = execFileAsync(process.execPath, ['-e', writer]);
  for (;;) {
    await sleep(50);
    const { stdout } = await execFileAsync('docker', [
      'exec',
      container,
      'sh',
      '-c',
      `find /app/src/burst-${tag} -type f 2>/dev/null | wc -l`,
    ]);
    if (Number(stdout.trim()) >= BURST) {
      const elapsed = performance.now() - startedAt;
      await written;
      return elapsed;
    }
    if (performance.now() - startedAt > 60_000) {
      await written;
      console.error(`${tag}: not all files arrived within 60 s; ${await missingFiles(container, tag)}`);
      return Number.NaN;
    }
  }
}

async function missingFiles(container: string, tag: string): Promise<string> {
  const { stdout } = await execFileAsync('docker', [
    'exec',
    container,
    'sh',
    '-c',
    `cd /app/src && find burst-${tag} -type f 2>/dev/null || true`,
  ]);
  const inside = new Set(stdout.trim().split('\n'));
  const missing = Array.from({ length: BURST }, (_, index) => `burst-${tag}/d${index % 40}/f${index}.py`).filter(
    (name) => !inside.has(name),
  );
  return `${missing.length} missing, e.g. ${missing.slice(0, 8).join(' ')}`;
}

/** Waits until watching is effective: a marker file written now shows up in the container. */
async function untilSynced(folder: string, container: string, tag: string): Promise<void> {
  const name = `ready-${tag}-${randomUUID().slice(0, 6)}.txt`;
  const startedAt = performance.now();
  for (let attempt = 0; ; attempt += 1) {
    // Written again every 5 s, in case the watcher was not ready; not more often, or Compose's
    // 500 ms quiet period would never pass.
    if (attempt % 17 === 0) writeFileSync(join(folder, 'src', name), `${performance.now()}\n`);
    await sleep(300);
    const { stdout } = await execFileAsync('docker', [
      'exec',
      container,
      'sh',
      '-c',
      `ls /app/src/${name} 2>/dev/null || true`,
    ]);
    if (stdout.trim() !== '') return;
    if (performance.now() - startedAt > 60_000) throw new Error(`${tag}: watching did not start within 60 s`);
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
    const loaded = await loadProject({ cwd: folder, env: {} });
    if (!loaded.ok) throw new Error('compose.yaml does not load');
    const engine = new DockerEngine();
    const devup = {
      session: undefined as InstanceType<typeof WatchSession> | undefined,
      async start() {
        this.session = new WatchSession({
          engine,
          project: loaded.project,
          containersFor: async () => [container],
          rebuild: async () => {},
          onState: () => {},
          onActivity: (text) => {
            if (process.env.WATCH_BENCH_VERBOSE) console.error(text);
          },
        });
        await this.session.start();
        await untilSynced(folder, container, 'devup');
      },
      async stop() {
        await this.session?.stop();
      },
    };
    const compose = {
      async start() {
        composeWatch = spawn('docker', ['compose', '-p', projectName, 'watch'], { cwd: folder, stdio: 'ignore' });
        await untilSynced(folder, container, 'compose');
      },
      async stop() {
        const exited = new Promise((resolve) => composeWatch?.once('exit', resolve));
        composeWatch?.kill();
        await exited;
        composeWatch = undefined;
      },
    };
    const onlyDevup = process.env.WATCH_BENCH_ONLY === 'devup';

    // Rounds alternate between the two (edits, then a burst), so both meet the same load
    // on a shared machine.
    const devupEdits: number[] = [];
    const composeEdits: number[] = [];
    const devupBurst: number[] = [];
    const composeBurst: number[] = [];
    const editsPerRound = Math.ceil(EDITS / ROUNDS);
    for (let round = 0; round < ROUNDS; round += 1) {
      await devup.start();
      devupEdits.push(...(await measureEdits(folder, container, `devup${round}`, editsPerRound)));
      devupBurst.push(await measureBurst(folder, container, `devup${round}`));
      await devup.stop();
      if (onlyDevup) continue;
      await compose.start();
      composeEdits.push(...(await measureEdits(folder, container, `compose${round}`, editsPerRound)));
      composeBurst.push(await measureBurst(folder, container, `compose${round}`));
      await compose.stop();
    }

    const spread = (values: number[]) =>
      `median ${median(values).toFixed(0)} ms (min ${Math.min(...values).toFixed(0)}, max ${Math.max(...values).toFixed(0)})`;
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
        notes: `devup ${note(devupEdits)}; compose ${note(composeEdits)}; ${devupEdits.length} edits each`,
      },
      {
        name: 'watch: 2,000-file burst fully applied',
        unit: 'ms',
        devup: devupBurst,
        anchor: composeBurst,
        anchorName: 'docker compose watch',
        target: '<= 1.0x',
        notes: `devup ${spread(devupBurst)}; compose ${spread(composeBurst)}; ${ROUNDS} bursts each`,
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
