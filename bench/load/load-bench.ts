// Load: a 50-service stack where every service logs ~1,000 lines/s, 20 stream clients
// connected, for DEVUP_LOAD_SECONDS (default 300; DEVUP_LOAD_SHORT=1 for 30 s). Reports the
// API's latency (GET project status polled every 100 ms: p50, p99, max), devd's RSS (peak
// from /proc VmHWM), lines delivered, and whether any client missed lines without being
// told (logs-skipped). Before the load: 50-service `dev up` cold and warm beside
// `docker compose up -d` in the same run (DEVUP_LOAD_COMPOSE=0 skips Compose and the
// cold/warm rows). devd runs in a private runtime folder; DEVUP_LOAD_CPU_PROF=DIR starts it
// under `node --cpu-prof` and leaves its .cpuprofile in DIR (summarise with
// `node bench/load/summarise-profile.ts FILE`); DEVUP_LOAD_DEVD_NODE_OPTIONS adds node
// options for devd (e.g. a heap limit, --trace-gc); DEVUP_LOAD_KEEP=1 keeps its folder
// and logs; DEVUP_LOAD_DEVD_NICE=-10 renices devd (a diagnostic: how much of the latency
// is waiting for a CPU on a busy machine); DEVUP_LOAD_INSPECT_PORT=9339 starts devd with
// the inspector on that loopback port and prints its heap every 30 s and after a full GC
// at the end. Ends with one `load summary:` line.

import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { DaemonClient } from '../../packages/daemon/dist/client/index.js';
import { type Benchmark, type BenchmarkResult, percentile } from '../lib/harness.ts';
import { devBin } from '../lib/paths.ts';

const devdBin = new URL('../../packages/daemon/dist/bin/devd.js', import.meta.url).pathname;
import { runProcess, timeProcess } from '../lib/run-process.ts';
import { childPids, cpuShares, formatShares, sampleCpu } from './cpu-shares.ts';
import { connectMemoryProbe, formatMemory, type MemoryProbe } from './devd-memory.ts';
import { probeFloor } from './floor-server.ts';
import { logStackYaml } from './log-stack.ts';

const SERVICES = Number(process.env['DEVUP_LOAD_SERVICES'] ?? 50);
const CLIENTS = Number(process.env['DEVUP_LOAD_CLIENTS'] ?? 20);
const RATE = Number(process.env['DEVUP_LOAD_RATE'] ?? 1000);
const SECONDS = Number(process.env['DEVUP_LOAD_SECONDS'] ?? (process.env['DEVUP_LOAD_SHORT'] === '1' ? 30 : 300));
const COMPOSE = process.env['DEVUP_LOAD_COMPOSE'] !== '0';
const CPU_PROF = process.env['DEVUP_LOAD_CPU_PROF'];
const DEVD_NODE_OPTIONS = process.env['DEVUP_LOAD_DEVD_NODE_OPTIONS'];
const DEVD_NICE = process.env['DEVUP_LOAD_DEVD_NICE'];
const INSPECT_PORT = process.env['DEVUP_LOAD_INSPECT_PORT'];
const devProject = 'bench-load-devup';
const composeProject = 'bench-load-compose';

const procStatus = (pid: number, field: 'VmRSS' | 'VmHWM'): number => {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match?.[1] === undefined ? 0 : Number(match[1]) / 1024;
  } catch {
    return 0; // the process is gone
  }
};

/** devd's memory: its own RSS and its log plane's (child process), in MB. */
const devdRss = (devdPid: number, field: 'VmRSS' | 'VmHWM'): { main: number; plane: number } => ({
  main: procStatus(devdPid, field),
  plane: childPids(devdPid).reduce((sum, pid) => sum + procStatus(pid, field), 0),
});

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface ClientCount {
  lines: number;
  skippedMessages: number;
  skippedLines: number;
  silentGaps: number;
  silentLines: number;
  disconnects: number;
}

export const runLoad = async (): Promise<BenchmarkResult[]> => {
  const root = mkdtempSync(join(tmpdir(), 'bench-load-'));
  const runtimeDir = join(root, 'run');
  const home = join(root, 'home');
  mkdirSync(runtimeDir, { mode: 0o700 });
  mkdirSync(home);
  const stackDir = join(root, 'stack');
  mkdirSync(stackDir);
  writeFileSync(join(stackDir, 'compose.yaml'), logStackYaml(SERVICES, RATE));
  const env = { ...process.env, HOME: home, XDG_RUNTIME_DIR: runtimeDir, NO_COLOR: '1' };
  const socketPath = join(runtimeDir, 'devup', 'devd.sock');
  const dev = (args: string[]) =>
    timeProcess(process.execPath, [devBin, '-p', devProject, ...args], { cwd: stackDir, env });
  const compose = (args: string[]) =>
    timeProcess('docker', ['compose', '-p', composeProject, ...args], { cwd: stackDir });
  const results: BenchmarkResult[] = [];

  try {
    const devdNodeOptions = [
      ...(CPU_PROF === undefined ? [] : [`--cpu-prof --cpu-prof-dir=${CPU_PROF}`]),
      ...(DEVD_NODE_OPTIONS === undefined ? [] : [DEVD_NODE_OPTIONS]),
    ].join(' ');
    const profileEnv = devdNodeOptions === '' ? env : { ...env, NODE_OPTIONS: devdNodeOptions };
    if (INSPECT_PORT === undefined)
      await timeProcess(process.execPath, [devBin, 'daemon', 'start'], { env: profileEnv });
    else {
      // Started directly: through `dev daemon start` the CLI would hold the inspector port.
      spawn(process.execPath, [`--inspect=127.0.0.1:${INSPECT_PORT}`, devdBin], {
        env: profileEnv,
        detached: true,
        stdio: 'ignore',
      }).unref();
      const deadline = Date.now() + 30_000;
      while (!existsSync(socketPath) && Date.now() < deadline) await sleep(100);
      await timeProcess(process.execPath, [devBin, 'daemon', 'start'], { env });
    }
    const devdPid = Number(readFileSync(join(runtimeDir, 'devup', 'devd.pid'), 'utf8'));
    if (DEVD_NICE !== undefined) spawnSync('renice', ['-n', DEVD_NICE, '-p', String(devdPid)], { stdio: 'ignore' });

    if (COMPOSE) {
      // Cold and warm `up` beside Compose, same file, each its own project name.
      const cold = [await dev(['up', '--detach', '--no-watch'])];
      const coldCompose = [await compose(['up', '-d'])];
      const warm = [await dev(['up', '--detach', '--no-watch']), await dev(['up', '--detach', '--no-watch'])];
      const warmCompose = [await compose(['up', '-d']), await compose(['up', '-d'])];
      // Not measured; under load the engine may need a second try to remove the network.
      await runProcess('docker', ['compose', '-p', composeProject, 'down', '-t', '1'], { cwd: stackDir });
      await runProcess('docker', ['compose', '-p', composeProject, 'down', '-t', '1'], { cwd: stackDir });
      console.log(
        `cold dev up ${cold[0]?.toFixed(0)} ms, compose ${coldCompose[0]?.toFixed(0)} ms; warm dev up ${warm.map((value) => value.toFixed(0)).join('/')} ms, compose ${warmCompose.map((value) => value.toFixed(0)).join('/')} ms`,
      );
      results.push(
        {
          name: `cold \`dev up -d\` (${SERVICES} services)`,
          unit: 'ms',
          devup: cold,
          anchor: coldCompose,
          anchorName: '`docker compose up -d`',
          target: '<= 1.0x',
        },
        {
          name: `warm no-op \`dev up -d\` (${SERVICES} services)`,
          unit: 'ms',
          devup: warm,
          anchor: warmCompose,
          anchorName: '`docker compose up -d`',
          target: '<= 0.3x',
        },
      );
    } else {
      await dev(['up', '--detach', '--no-watch']);
    }

    // The load: clients in a worker, probes here.
    const worker = new Worker(new URL('./load-clients.ts', import.meta.url), {
      workerData: { socketPath, projectName: devProject, clients: CLIENTS },
    });
    const client = new DaemonClient({ socketPath, timeoutMs: 10_000 });
    const floorSocket = join(root, 'floor.sock');
    const floor = spawn(process.execPath, [new URL('./floor-server.ts', import.meta.url).pathname, floorSocket], {
      stdio: 'ignore',
    });
    const floorDeadline = Date.now() + 10_000;
    while (!existsSync(floorSocket) && Date.now() < floorDeadline) await sleep(50);
    const latencies: number[] = [];
    const floorLatencies: number[] = [];
    let probeFailures = 0;
    const cpuBefore = sampleCpu(devdPid);
    const rss: number[] = [];
    const planeRss: number[] = [];
    const started = Date.now();
    let nextRss = started;
    const memory: MemoryProbe | undefined =
      INSPECT_PORT === undefined ? undefined : await connectMemoryProbe(Number(INSPECT_PORT));
    let nextMemory = started;
    while (Date.now() - started < SECONDS * 1000) {
      const probeStart = performance.now();
      try {
        await client.projectStatus(devProject);
      } catch {
        // No answer within the client's timeout: counted, and its wait kept as the latency.
        probeFailures += 1;
      }
      latencies.push(performance.now() - probeStart);
      floorLatencies.push(await probeFloor(floorSocket).catch(() => Number.NaN));
      if (memory !== undefined && Date.now() >= nextMemory) {
        nextMemory += 30_000;
        console.log(
          `devd at ${Math.round((Date.now() - started) / 1000)} s: ${formatMemory(await memory.read(false))}`,
        );
      }
      if (Date.now() >= nextRss) {
        const sample = devdRss(devdPid, 'VmRSS');
        rss.push(sample.main + sample.plane);
        planeRss.push(sample.plane);
        nextRss += 1000;
      }
      await sleep(100);
    }
    floor.kill();
    // Each process's high-water mark, added: never below the true peak of the two together.
    const highWater = devdRss(devdPid, 'VmHWM');
    const peakRss = Math.max(highWater.main + highWater.plane, ...rss);
    if (memory !== undefined) {
      console.log(`devd at the end: ${formatMemory(await memory.read(false))}`);
      console.log(`devd after a full GC: ${formatMemory(await memory.read(true))}`);
      memory.close();
    }
    const wallSeconds = (Date.now() - started) / 1000;
    const shares = cpuShares(cpuBefore, sampleCpu(devdPid), wallSeconds);
    const devdCpuPercent = shares.devd * cpuBefore.cores;
    const planeCpuPercent = shares.logPlane * cpuBefore.cores;
    const counts = await new Promise<ClientCount[]>((resolve) => {
      worker.once('message', resolve);
      worker.postMessage('stop');
    });
    await worker.terminate();
    const hubLines = await client
      .logs(devProject, { tail: 1 })
      .then((response) => response.lastSeq)
      .catch(() => Number.NaN);

    const total = (key: keyof ClientCount): number => counts.reduce((sum, count) => sum + count[key], 0);
    const notes = `${SECONDS} s, ${SERVICES} services at ~${RATE} lines/s each, ${CLIENTS} clients; lines into devd ${hubLines} (${Math.round(hubLines / SECONDS)}/s); delivered per client median ${percentile(
      counts.map((count) => count.lines),
      0.5,
    )}; logs-skipped messages ${total('skippedMessages')} covering ${total('skippedLines')} lines; silent gaps ${total('silentGaps')} (${total('silentLines')} lines); reconnects ${total('disconnects')}`;
    results.push(
      {
        name: 'API p50 latency under load (GET project status)',
        unit: 'ms',
        devup: [percentile(latencies, 0.5)],
        target: '-',
      },
      {
        name: 'API p99 latency under load (GET project status)',
        unit: 'ms',
        devup: [percentile(latencies, 0.99)],
        target: '< 100 ms',
        notes: `max ${Math.max(...latencies).toFixed(0)} ms over ${latencies.length} probes, ${probeFailures} without an answer within 10 s; the floor (an idle server in its own process, probed after each) p99 ${percentile(floorLatencies, 0.99).toFixed(0)} ms`,
      },
      {
        name: 'floor: p99 of an idle HTTP server beside devd, same probes',
        unit: 'ms',
        devup: [percentile(floorLatencies, 0.99)],
        target: '-',
        notes: `p50 ${percentile(floorLatencies, 0.5).toFixed(1)} ms, max ${Math.max(...floorLatencies).toFixed(0)} ms: what the loaded machine alone costs a request`,
      },
      {
        name: 'devd CPU under load, % of one core (API process + log plane process)',
        unit: '%',
        devup: [devdCpuPercent + planeCpuPercent],
        target: '-',
        notes: `API process ${devdCpuPercent.toFixed(0)}%, log plane ${planeCpuPercent.toFixed(0)}%`,
      },
      {
        name: 'devd RSS peak under load (API process + log plane process)',
        unit: 'MB',
        devup: [peakRss],
        target: 'bounded',
        notes: `high-water marks: API process ${highWater.main.toFixed(0)} MB, log plane ${highWater.plane.toFixed(0)} MB; together at start ${rss[0]?.toFixed(0)} MB, at end ${rss.at(-1)?.toFixed(0)} MB`,
      },
      {
        name: 'log lines missed without logs-skipped (all clients)',
        unit: 'count',
        devup: [total('silentLines')],
        target: '0',
        notes,
      },
    );
    const perClient = counts.map((count) => count.lines / wallSeconds);
    console.log(
      [
        `load summary: ${wallSeconds.toFixed(0)} s, ${SERVICES} services x ~${RATE} lines/s, ${CLIENTS} clients`,
        `API p50 ${percentile(latencies, 0.5).toFixed(1)} ms, p95 ${percentile(latencies, 0.95).toFixed(1)} ms, p99 ${percentile(latencies, 0.99).toFixed(1)} ms, max ${Math.max(...latencies).toFixed(0)} ms (${latencies.length} probes, ${probeFailures} unanswered)`,
        `floor (idle server, own process) p50 ${percentile(floorLatencies, 0.5).toFixed(1)} ms, p95 ${percentile(floorLatencies, 0.95).toFixed(1)} ms, p99 ${percentile(floorLatencies, 0.99).toFixed(1)} ms, max ${Math.max(...floorLatencies).toFixed(0)} ms`,
        `devd RSS peak ${peakRss.toFixed(0)} MB with its log plane (high-water: API ${highWater.main.toFixed(0)}, plane ${highWater.plane.toFixed(0)}; together at start ${rss[0]?.toFixed(0)}, end ${rss.at(-1)?.toFixed(0)}, plane at end ${planeRss.at(-1)?.toFixed(0)})`,
        `devd CPU ${devdCpuPercent.toFixed(0)}% + log plane ${planeCpuPercent.toFixed(0)}% of one core`,
        `lines into devd ${hubLines} (${Math.round(hubLines / wallSeconds)}/s)`,
        `per client ${percentile(perClient, 0.5).toFixed(0)} lines/s median, ${Math.min(...perClient).toFixed(0)} min`,
        `logs-skipped ${total('skippedMessages')} messages covering ${total('skippedLines')} lines`,
        `silent gaps ${total('silentGaps')} (${total('silentLines')} lines)`,
        `reconnects ${total('disconnects')}`,
        formatShares(shares),
      ].join(' | '),
    );
  } finally {
    await runProcess(process.execPath, [devBin, '-p', devProject, 'down', '-t', '1'], { cwd: stackDir, env });
    await runProcess('docker', ['compose', '-p', composeProject, 'down', '-t', '1'], { cwd: stackDir });
    await runProcess(process.execPath, [devBin, 'daemon', 'stop'], { env });
    if (process.env['DEVUP_LOAD_KEEP'] === '1')
      console.log(`devd's folder kept: ${root} (devd.out, devd.log under home/.devup)`);
    else rmSync(root, { recursive: true, force: true });
  }
  return results;
};

export const loadBenchmarks: Benchmark[] = [{ name: 'load', run: runLoad }];
