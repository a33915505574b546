// A Docker engine of the test's own: a second dockerd with its own data root, socket and
// containerd, so a test may restart it without touching the engine everyone else uses.
// It runs in a network namespace of its own (`unshare --net`): a dockerd started with
// `--bridge=none` deletes the host's docker0, and its project bridges would otherwise
// stay on the host with addresses that shadow the shared engine's. The base image is
// copied in from the shared engine.

import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eventually } from './eventually.js';

export interface PrivateEngine {
  dockerHost: string;
  env: NodeJS.ProcessEnv;
  /** Stops the engine (SIGTERM, as a service manager would) and starts it again; resolves once it answers. */
  restart(): Promise<{ downMs: number }>;
  answers(): boolean;
  stop(): Promise<void>;
}

const dockerdArgs = (root: string): string[] => [
  '--data-root',
  join(root, 'data'),
  '--exec-root',
  join(root, 'exec'),
  '--pidfile',
  join(root, 'docker.pid'),
  '-H',
  `unix://${join(root, 'docker.sock')}`,
  '--bridge=none',
  '--iptables=false',
  '--ip-masq=false',
];

export const canRunPrivateEngine = (): boolean =>
  process.getuid?.() === 0 &&
  spawnSync('dockerd', ['--version'], { encoding: 'utf8' }).status === 0 &&
  spawnSync('unshare', ['--net', '--', 'true'], { encoding: 'utf8' }).status === 0;

export const startPrivateEngine = async (root: string, images: string[]): Promise<PrivateEngine> => {
  mkdirSync(root, { recursive: true });
  const dockerHost = `unix://${join(root, 'docker.sock')}`;
  const env: NodeJS.ProcessEnv = { ...process.env, DOCKER_HOST: dockerHost };
  let child: ChildProcess | undefined;
  const answers = (): boolean =>
    spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { env, encoding: 'utf8' }).status === 0;
  const launch = async (): Promise<void> => {
    const logFd = openSync(join(root, 'dockerd.log'), 'a');
    child = spawn('unshare', ['--net', '--', 'dockerd', ...dockerdArgs(root)], { stdio: ['ignore', logFd, logFd] });
    closeSync(logFd);
    await eventually(
      () => {
        if (!answers())
          throw new Error(`the private engine at ${dockerHost} does not answer; see ${join(root, 'dockerd.log')}`);
      },
      60_000,
      200,
    );
  };
  const halt = async (): Promise<void> => {
    const running = child;
    if (running === undefined || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };
  await launch();
  for (const image of images) {
    const save = spawnSync('sh', ['-c', `docker save ${image} | DOCKER_HOST=${dockerHost} docker load`], {
      encoding: 'utf8',
    });
    if (save.status !== 0) throw new Error(`copying ${image} into the private engine failed: ${save.stderr}`);
  }
  return {
    dockerHost,
    env,
    answers,
    restart: async () => {
      const started = Date.now();
      await halt();
      await launch();
      return { downMs: Date.now() - started };
    },
    stop: async () => {
      await halt();
      // A dockerd that stopped uncleanly can leave its data root mounted.
      const mounts = readFileSync('/proc/mounts', 'utf8')
        .split('\n')
        .map((line) => line.split(' ')[1] ?? '')
        .filter((mountPoint) => mountPoint.startsWith(root))
        .sort((a, b) => b.length - a.length);
      for (const mountPoint of mounts) spawnSync('umount', [mountPoint]);
      rmSync(root, { recursive: true, force: true });
    },
  };
};
