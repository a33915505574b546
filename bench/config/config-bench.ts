// `dev --version` and `dev config` on the largest conformance sample, as whole processes,
// beside `docker compose config` on the same file.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { alternate, median, type Benchmark } from '../lib/harness.ts';
import { devBin, repoRoot } from '../lib/paths.ts';
import { runProcess, timeProcess } from '../lib/run-process.ts';

const samplesDir = join(repoRoot, 'packages/schema/test/conformance/awesome-compose');
const repetitions = 15;
const timeCommand = '/usr/bin/time';

/**
 * CPU time (user + system) of a whole process, through /usr/bin/time: on a shared machine
 * it moves much less with the load than wall time does.
 */
async function cpuTimeOf(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<number> {
  const run = await runProcess(timeCommand, ['-f', 'cpu %U %S', command, ...args], { env });
  const match = /cpu (\d+\.\d+) (\d+\.\d+)\s*$/.exec(run.stderr);
  if (run.exitCode !== 0 || match === null) throw new Error(`${command} ${args.join(' ')}: ${run.stderr.slice(-500)}`);
  return (Number(match[1]) + Number(match[2])) * 1000;
}

function largestSample(): string {
  let largest = { path: '', size: -1 };
  for (const sample of readdirSync(samplesDir)) {
    for (const fileName of readdirSync(join(samplesDir, sample))) {
      if (!/^(docker-)?compose\.ya?ml$/.test(fileName)) continue;
      const path = join(samplesDir, sample, fileName);
      const size = statSync(path).size;
      if (size > largest.size) largest = { path, size };
    }
  }
  return largest.path;
}

export const configBenchmarks: Benchmark[] = [
  {
    name: 'config',
    async run() {
      const sample = largestSample();
      const env = { ...process.env, NO_COLOR: '1' };
      // One run first: the first `dev config` after a build writes its code cache (not timed).
      await timeProcess(process.execPath, [devBin, '-f', sample, 'config', '--format', 'json'], { env });
      const loadBefore = loadavg()[0]!;
      const version = await alternate(
        repetitions,
        () => timeProcess(process.execPath, [devBin, '--version'], { env }),
        () => timeProcess('docker', ['compose', 'version'], { env }),
      );
      const config = await alternate(
        repetitions,
        () => timeProcess(process.execPath, [devBin, '-f', sample, 'config', '--format', 'json'], { env }),
        () => timeProcess('docker', ['compose', '-f', sample, 'config', '--format', 'json'], { env }),
      );
      const loadAfter = loadavg()[0]!;
      const sampleName = sample.slice(samplesDir.length + 1);
      const notes = [
        `1-minute load average ${loadBefore.toFixed(2)} before, ${loadAfter.toFixed(2)} after (${cpus().length} cores)`,
      ];
      if (existsSync(timeCommand)) {
        const cpu = await alternate(
          repetitions,
          () => cpuTimeOf(process.execPath, [devBin, '-f', sample, 'config', '--format', 'json'], env),
          () => cpuTimeOf('docker', ['compose', '-f', sample, 'config', '--format', 'json'], env),
        );
        const [ours, theirs] = [median(cpu.devup), median(cpu.anchor)];
        notes.push(
          `CPU time (user + system, medians of ${repetitions}): ${ours.toFixed(0)} ms, \`docker compose config\` ${theirs.toFixed(0)} ms (${(ours / theirs).toFixed(2)}x)`,
        );
      }
      return [
        {
          name: '`dev --version` (whole process)',
          unit: 'ms',
          ...version,
          anchorName: '`docker compose version`',
          target: '-',
        },
        {
          name: `\`dev config\` on ${sampleName}`,
          unit: 'ms',
          ...config,
          anchorName: '`docker compose config`',
          target: '<= 1.0x',
          notes: notes.join('; '),
        },
      ];
    },
  },
];
