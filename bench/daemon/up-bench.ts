// The everyday commands on a four-service, health-gated stack, devup beside Docker Compose v2
// in the same run: cold `up --wait` to all healthy, a warm no-op `up`, `ps`, and `down`.
// Both tools use the same compose file and the same pre-built image, each its own project name.
// devd is started before measuring, as it is in daily use (it stays running).
import { join } from 'node:path';
import { type Benchmark, type BenchmarkResult } from '../lib/harness.ts';
import { devBin, repoRoot } from '../lib/paths.ts';
import { runProcess, timeProcess } from '../lib/run-process.ts';

const fixtureDir = join(repoRoot, 'bench/fixtures/four-service');
const repetitions = 5;
const devProject = 'bench-up-devup';
const composeProject = 'bench-up-compose';

const dev = (args: string[]) =>
  timeProcess(process.execPath, [devBin, '-p', devProject, ...args], {
    cwd: fixtureDir,
    env: { ...process.env, NO_COLOR: '1' },
  });
const compose = (args: string[]) =>
  timeProcess('docker', ['compose', '-p', composeProject, ...args], { cwd: fixtureDir });

export const upBenchmarks: Benchmark[] = [
  {
    name: 'up',
    async run(): Promise<BenchmarkResult[]> {
      await timeProcess('docker', ['compose', '-p', composeProject, 'build'], { cwd: fixtureDir });
      await runProcess(process.execPath, [devBin, 'daemon', 'start']);
      await runProcess(process.execPath, [devBin, '-p', devProject, 'down', '-v'], { cwd: fixtureDir });
      await runProcess('docker', ['compose', '-p', composeProject, 'down', '-v'], { cwd: fixtureDir });

      const rows = { cold: [[], []], warm: [[], []], ps: [[], []], down: [[], []] } as Record<
        string,
        [number[], number[]]
      >;
      for (let index = 0; index < repetitions; index += 1) {
        rows.cold![0].push(await dev(['up', '--detach', '--wait', '--no-watch']));
        rows.cold![1].push(await compose(['up', '-d', '--wait']));
        rows.warm![0].push(await dev(['up', '--detach', '--no-watch']));
        rows.warm![1].push(await compose(['up', '-d']));
        rows.ps![0].push(await dev(['ps']));
        rows.ps![1].push(await compose(['ps']));
        rows.down![0].push(await dev(['down']));
        rows.down![1].push(await compose(['down']));
      }
      const row = (name: string, key: string, target: string, anchorName: string): BenchmarkResult => ({
        name,
        unit: 'ms',
        devup: rows[key]![0],
        anchor: rows[key]![1],
        anchorName,
        target,
      });
      return [
        row('cold `dev up --wait` to all healthy (4 services)', 'cold', '<= 1.0x', '`docker compose up -d --wait`'),
        row('warm no-op `dev up`', 'warm', '<= 0.3x', '`docker compose up -d`'),
        row('`dev ps`', 'ps', '-', '`docker compose ps`'),
        row('`dev down`', 'down', '-', '`docker compose down`'),
      ];
    },
  },
];
