// Log streaming under a flood: one container prints 200,000 lines in a burst. In the same
// run, a websocket client of devd and `docker logs -f` on the same container follow it;
// each row is the rate of lines delivered (lines received / seconds from the trigger until
// the follower has the last line, or for devd's stream until a logs-skipped covered it).
// Then the TUI follows another burst in a real terminal (tmux, 80x24): the time until its
// screen shows the line the container prints one second after the burst, and the CPU the
// TUI process used meanwhile.
// devd runs with its own runtime and state folders, so no other daemon is touched.
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { ServerMessage } from '../../packages/daemon/src/protocol/messages.ts';
import { type Benchmark, type BenchmarkResult } from '../lib/harness.ts';
import { devBin, repoRoot } from '../lib/paths.ts';
import { timeProcess } from '../lib/run-process.ts';

const run = promisify(execFile);
const LINES = Number(process.env.FLOOD_LINES ?? 200_000);
const repetitions = 3;
const projectName = 'bench-tui-flood';
const fixtureDir = join(repoRoot, 'bench/fixtures/log-flood');
const clientModule = join(repoRoot, 'packages/daemon/dist/client/index.js');
const lastLine = (burst: number): string => `run ${burst} line ${LINES}`;

interface StreamModule {
  openStream(
    subscription: { projectName?: string; logs?: boolean; tail?: number },
    events: { onMessage: (message: ServerMessage) => void },
    options: { socketPath: string },
  ): { ready: Promise<void>; close(): void };
}

/** Resolves when `predicate` holds, checking every `intervalMs`; rejects after `timeoutMs`. */
async function waitFor(
  predicate: () => boolean | Promise<boolean>,
  timeoutMs: number,
  intervalMs = 5,
  describe: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await predicate())) {
    if (Date.now() > deadline) throw new Error(`gave up after ${timeoutMs} ms ${describe()}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/**
 * Counts what one follower received of the current burst and when it was done: when the
 * last line came or, for devd's stream, when a logs-skipped message covered it.
 */
class Follower {
  received = 0;
  skipped = 0;
  doneAt = 0;
  private burst = 0;
  private firstSeq = 0;
  start(burst: number): void {
    this.burst = burst;
    this.received = 0;
    this.skipped = 0;
    this.doneAt = 0;
    this.firstSeq = 0;
  }
  line(text: string, seq?: number): void {
    if (this.burst === 0 || this.doneAt !== 0) return;
    if (seq !== undefined && this.firstSeq === 0) this.firstSeq = seq;
    this.received += 1;
    if (text === lastLine(this.burst)) this.doneAt = performance.now();
  }
  skip(fromSeq: number, toSeq: number): void {
    if (this.burst === 0 || this.doneAt !== 0) return;
    if (this.firstSeq === 0) this.firstSeq = fromSeq;
    this.skipped += toSeq - fromSeq + 1;
    if (toSeq >= this.firstSeq + LINES - 1) this.doneAt = performance.now();
  }
}

async function cpuSeconds(pid: number): Promise<number> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

export const logStreamBenchmarks: Benchmark[] = [
  {
    name: 'tui-log-stream',
    async run(): Promise<BenchmarkResult[]> {
      const home = await mkdtemp(join(tmpdir(), 'bench-tui-'));
      const env = {
        ...process.env,
        DEVUP_RUNTIME_DIR: join(home, 'run'),
        DEVUP_STATE_DIR: join(home, 'state'),
        NO_COLOR: '1',
        FLOOD_LINES: String(LINES),
      };
      const dev = (...args: string[]) =>
        timeProcess(process.execPath, [devBin, '-p', projectName, ...args], { cwd: fixtureDir, env });
      const tmuxServer = `${projectName}-tmux`;
      const tmux = (...args: string[]) => run('tmux', ['-L', tmuxServer, ...args]);
      let burst = 0;
      try {
        await dev('up', '--detach', '--no-watch');
        const containerId = (
          await run('docker', ['ps', '-q', '--filter', `label=com.docker.compose.project=${projectName}`])
        ).stdout.trim();
        const trigger = async (): Promise<number> => {
          burst += 1;
          const at = performance.now();
          await run('docker', ['exec', containerId, 'touch', `/tmp/go${burst}`]);
          return at;
        };

        // Phase 1: a websocket client of devd beside `docker logs -f`, both following.
        const { openStream } = (await import(clientModule)) as StreamModule;
        const viaDevd = new Follower();
        const viaDocker = new Follower();
        const stream = openStream(
          { projectName, logs: true, tail: 0 },
          {
            onMessage: (message) => {
              if (message.type === 'log') viaDevd.line(message.line.text, message.line.seq);
              if (message.type === 'logs-skipped') viaDevd.skip(message.fromSeq, message.toSeq);
            },
          },
          { socketPath: join(env.DEVUP_RUNTIME_DIR, 'devd.sock') },
        );
        await stream.ready;
        const dockerLogs = spawn('docker', ['logs', '-f', '--tail', '0', containerId], {
          stdio: ['ignore', 'pipe', 'ignore'],
        });
        let partial = '';
        dockerLogs.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          const lines = (partial + chunk).split('\n');
          partial = lines.pop() ?? '';
          for (const line of lines) viaDocker.line(line);
        });
        await new Promise((resolve) => setTimeout(resolve, 500));

        const devdRates: number[] = [];
        const dockerRates: number[] = [];
        const delivered: number[] = [];
        for (let index = 0; index < repetitions; index += 1) {
          viaDevd.start(burst + 1);
          viaDocker.start(burst + 1);
          const startedAt = await trigger();
          await waitFor(
            () => viaDevd.doneAt !== 0 && viaDocker.doneAt !== 0,
            120_000,
            5,
            () =>
              `(devd client: ${viaDevd.received} lines, ${viaDevd.skipped} skipped; docker logs: ${viaDocker.received})`,
          );
          // Lines delivered per second: skipped lines do not count.
          devdRates.push(viaDevd.received / ((viaDevd.doneAt - startedAt) / 1000));
          dockerRates.push(viaDocker.received / ((viaDocker.doneAt - startedAt) / 1000));
          delivered.push(viaDevd.received);
        }
        stream.close();
        dockerLogs.kill();

        // Phase 2: the TUI following a burst in a real terminal.
        const tuiCommand = `exec env DEVUP_RUNTIME_DIR=${env.DEVUP_RUNTIME_DIR} DEVUP_STATE_DIR=${env.DEVUP_STATE_DIR} NO_COLOR=1 ${process.execPath} ${devBin} -p ${projectName} tui`;
        await tmux(
          '-f',
          '/dev/null',
          'new-session',
          '-d',
          '-s',
          'tui',
          '-x',
          '80',
          '-y',
          '24',
          '-c',
          fixtureDir,
          tuiCommand,
        );
        const screen = async (): Promise<string> => (await tmux('capture-pane', '-p', '-t', 'tui')).stdout;
        await waitFor(async () => (await screen()).includes('● connected'), 30_000, 100);
        const tuiPid = Number((await tmux('display-message', '-p', '-t', 'tui', '#{pane_pid}')).stdout.trim());
        const tuiSeconds: number[] = [];
        const tuiCpu: number[] = [];
        for (let index = 0; index < repetitions; index += 1) {
          const cpuBefore = await cpuSeconds(tuiPid);
          const startedAt = await trigger();
          await waitFor(async () => (await screen()).includes(`run ${burst} done`), 300_000, 50);
          const elapsed = (performance.now() - startedAt) / 1000;
          tuiSeconds.push(elapsed * 1000);
          tuiCpu.push((((await cpuSeconds(tuiPid)) - cpuBefore) / elapsed) * 100);
        }
        await tmux('send-keys', '-t', 'tui', 'q');

        return [
          {
            name: `${LINES.toLocaleString('en')} lines: websocket client of devd`,
            unit: 'lines/s',
            devup: devdRates,
            anchor: dockerRates,
            anchorName: '`docker logs -f`, same container, same run',
            higherIsBetter: true,
            target: '>= 0.9x',
            notes: `lines delivered to the devd client per burst (the rest reported as logs-skipped): ${delivered.join(', ')}`,
          },
          {
            name: `${LINES.toLocaleString('en')} lines: until the TUI shows the line printed 1 s after them`,
            unit: 'ms',
            devup: tuiSeconds,
          },
          { name: 'TUI CPU while following the burst (one core = 100%)', unit: '%', devup: tuiCpu },
        ];
      } finally {
        await tmux('kill-server').catch(() => undefined);
        await dev('down').catch(() => undefined);
        await timeProcess(process.execPath, [devBin, 'daemon', 'stop'], { env }).catch(() => undefined);
        await rm(home, { recursive: true, force: true });
      }
    },
  },
];

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const result of await logStreamBenchmarks[0]!.run()) console.log(JSON.stringify(result));
}
