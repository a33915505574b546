// `dev --version` and `dev config` on the largest conformance sample, as whole processes,
// beside `docker compose config` on the same file.
import { readdirSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { alternate, type Benchmark } from '../lib/harness.ts';
import { devBin, repoRoot } from '../lib/paths.ts';
import { timeProcess } from '../lib/run-process.ts';

const samplesDir = join(repoRoot, 'packages/schema/test/conformance/awesome-compose');
const repetitions = 15;

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
      const sampleName = sample.slice(samplesDir.length + 1);
      const load = `1-minute load average ${loadBefore.toFixed(2)} before, ${loadavg()[0]!.toFixed(2)} after (${cpus().length} cores)`;
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
          notes: load,
        },
      ];
    },
  },
];
