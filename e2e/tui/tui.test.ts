// The terminal UI against a real stack, driven in tmux at 80x24: it shows every service
// healthy, focuses a service's logs, finds a line that service printed, restarts it,
// reconnects after devd is killed and started again, and quitting leaves the stack running.
// Runs the built binaries (pnpm build). Screens, commands and devd's log are left in
// .test-results/e2e-tui/<project>/.

import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { eventually } from '../../packages/daemon/src/engine/eventually.js';
import { DevCli } from './dev-cli.js';
import { TmuxScreen } from './tmux-screen.js';

const run = promisify(execFile);
const projectName = `e2e-tui-${randomUUID().slice(0, 6)}`;
const stackDir = fileURLToPath(new URL('./fixtures/stack/', import.meta.url));
const artifactsDir = fileURLToPath(new URL(`../../.test-results/e2e-tui/${projectName}/`, import.meta.url));

let dev: DevCli;
let screen: TmuxScreen;
let homeDir: string;
const screens: string[] = [];

/** Waits until the screen satisfies `check`, keeping each screen read for the artifacts. */
async function screenShows(step: string, check: (text: string) => boolean, timeoutMs = 30_000): Promise<string> {
  return eventually(
    async () => {
      const text = await screen.read();
      if (!check(text)) throw new Error(`${step}: the screen is\n${text}`);
      screens.push(`== ${step}\n${text}`);
      return text;
    },
    timeoutMs,
    200,
  );
}

const containing =
  (...parts: Array<string | RegExp>) =>
  (text: string): boolean =>
    parts.every((part) => (typeof part === 'string' ? text.includes(part) : part.test(text)));

async function docker(...args: string[]): Promise<string> {
  return (await run('docker', args)).stdout.trim();
}

const projectFilter = `label=com.docker.compose.project=${projectName}`;
const webStartedAt = async (): Promise<string> => {
  const id = await docker('ps', '-q', '--filter', projectFilter, '--filter', 'label=com.docker.compose.service=web');
  return docker('inspect', '-f', '{{.State.StartedAt}}', id);
};
const highestWebRequest = (text: string): number =>
  Math.max(0, ...[...text.matchAll(/web request (\d+) served/g)].map((match) => Number(match[1])));

beforeAll(async () => {
  homeDir = await mkdtemp(join(tmpdir(), 'e2e-tui-'));
  dev = new DevCli(stackDir, homeDir);
  await dev.run('-p', projectName, 'up', '-d');
  screen = await TmuxScreen.open(
    projectName,
    `${dev.shellCommand('-p', projectName, 'tui')}; echo "tui exited with $?"; sleep 600`,
  );
});

afterAll(async () => {
  await mkdir(artifactsDir, { recursive: true });
  await writeFile(join(artifactsDir, 'screens.txt'), screens.join('\n'));
  await writeFile(join(artifactsDir, 'commands.txt'), dev.transcript.join('\n'));
  await copyFile(dev.daemonLogPath(), join(artifactsDir, 'devd.log')).catch(() => undefined);
  await screen?.close();
  await dev.run('-p', projectName, 'down').catch(() => undefined);
  await dev.run('daemon', 'stop').catch(() => undefined);
  const leftovers = await docker('ps', '-aq', '--filter', projectFilter);
  if (leftovers !== '') await docker('rm', '-f', ...leftovers.split('\n'));
  const networks = await docker('network', 'ls', '-q', '--filter', projectFilter);
  if (networks !== '') await docker('network', 'rm', ...networks.split('\n'));
  await rm(homeDir, { recursive: true, force: true });
});

describe('the terminal UI on a running stack', () => {
  test('opens on the project with every service healthy', async () => {
    const text = await screenShows(
      'every service healthy',
      containing(
        `devup ${projectName}`,
        '● connected',
        '3/3 healthy',
        /db +healthy/,
        /web +healthy/,
        /worker +healthy/,
      ),
    );
    expect(text.split('\n').filter((line) => line.length > 80)).toEqual([]);
  });

  test("enter focuses a service's logs", async () => {
    await screen.press('j');
    await screenShows('web selected', containing(/› web +healthy/));
    await screen.press('Enter');
    const text = await screenShows('web focused', containing('── logs: web', 'web request'));
    expect(text).not.toContain('worker tick');
  });

  test("g scrolls back to the oldest line in the daemon's buffer, G follows again", async () => {
    await screenShows('more than a page printed', (text) => highestWebRequest(text) > 30, 60_000);
    await screen.press('g');
    await screenShows('oldest line', containing('paused', /web +│ web request 1 served\n/));
    await screen.press('G');
    await screenShows('following', containing('· following'));
  });

  test('a search finds a line the service printed, with context', async () => {
    await screen.press('/');
    await screen.type('request 3 served');
    await screen.press('Enter');
    await screenShows(
      'search result',
      containing('search /request 3 served/ 1 of 1', /web +▶ web request 3 served/, 'web request 4 served'),
    );
    await screen.press('Escape');
    await screenShows('search closed', (text) => !text.includes('search /'));
  });

  test('r restarts the selected service', async () => {
    const before = await webStartedAt();
    await screen.press('r');
    await screenShows('restart done', containing('restart web: done'), 60_000);
    expect(await webStartedAt()).not.toBe(before);
    await screenShows('web healthy again', containing(/web +healthy/, '3/3 healthy'), 60_000);
  });

  test('reconnects when devd is killed and started again, and the logs go on', async () => {
    process.kill(await dev.daemonPid(), 'SIGKILL');
    const lost = await screenShows('connection lost', containing('disconnected, reconnecting'));
    const lastSeen = highestWebRequest(lost);
    await dev.run('daemon', 'start');
    await screenShows('reconnected', containing('● connected', '3/3 healthy'));
    await screenShows('logs flow again', (text) => highestWebRequest(text) > lastSeen + 2);
  });

  test('q quits and leaves the stack running', async () => {
    await screen.press('q');
    await screenShows('tui exited', containing('tui exited with 0'));
    const running = await docker('ps', '-q', '--filter', projectFilter, '--filter', 'status=running');
    expect(running.split('\n').filter((id) => id !== '')).toHaveLength(3);
  });
});
