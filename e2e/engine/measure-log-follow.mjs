// Measures the engine CPU spent following one chatty container's output, through the
// logs endpoint (follow=true) versus attaching to the container. Prints figures; not a test.
// Run: node e2e/engine/measure-log-follow.mjs [seconds] [rounds]
//
// Figures on this machine kind (2 cores, docker.io 20.10, ~1,900 lines/s of 110 bytes,
// 8 s samples, dockerd CPU %, medians of 4 rounds): no follower 4.4, attach 4.6,
// logs endpoint 13.9. Above the baseline the logs endpoint costs the engine ~+9.5
// points against ~+0.2 for attach; in total ~3x. devd attaches for live output and
// reads the logs endpoint only for the backlog.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';

const require = createRequire(new URL('../../packages/daemon/package.json', import.meta.url));
const Docker = require('dockerode');
const docker = new Docker();
const seconds = Number(process.argv[2] ?? 8);
const rounds = Number(process.argv[3] ?? 3);

const dockerdPid = execFileSync('pgrep', ['-x', 'dockerd']).toString().trim().split('\n')[0];
const engineTicks = () => {
  const fields = readFileSync(`/proc/${dockerdPid}/stat`, 'utf8').split(') ')[1].split(' ');
  return Number(fields[11]) + Number(fields[12]);
};
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

const container = await docker.createContainer({
  name: `e2e-engine-measure-${process.pid}`,
  Image: 'debian:bookworm-slim',
  Cmd: [
    'bash',
    '-c',
    'pad=$(printf "%0100d" 0); i=0; while true; do for n in $(seq 200); do echo "line $i $pad"; i=$((i+1)); done; sleep 0.1; done',
  ],
  Labels: { 'dev.devup.e2e': 'engine-measure' },
});
await container.start();

const measure = async (follow) => {
  let bytes = 0;
  const stream = await follow();
  stream?.on('data', (chunk) => (bytes += chunk.length));
  const before = engineTicks();
  await pause(seconds * 1000);
  const ticks = engineTicks() - before;
  stream?.destroy();
  await pause(300);
  return { cpuPercent: ticks / seconds, bytes };
};

const methods = {
  none: async () => undefined,
  attach: () => container.attach({ stream: true, stdout: true, stderr: true, logs: false }),
  logs: () =>
    container.logs({
      follow: true,
      stdout: true,
      stderr: true,
      timestamps: true,
      since: Math.floor(Date.now() / 1000),
    }),
};
try {
  const results = { none: [], attach: [], logs: [] };
  for (let round = 0; round < rounds; round++) {
    for (const [name, follow] of Object.entries(methods)) results[name].push(await measure(follow));
  }
  for (const [name, samples] of Object.entries(results)) {
    const cpu = samples.map((s) => s.cpuPercent.toFixed(1)).join(', ');
    const mb = samples.map((s) => (s.bytes / 1e6).toFixed(1)).join(', ');
    console.log(`${name.padEnd(6)} dockerd CPU %: ${cpu}   MB received: ${mb}`);
  }
} finally {
  await container.remove({ force: true });
}
