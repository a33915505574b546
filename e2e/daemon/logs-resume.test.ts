// `dev logs -f` shows every service's lines; a stream client that disconnects and
// reconnects resumes with no gap and no duplicate, also through a restart of devd or of its
// log plane process.

import { openStream } from '../../packages/daemon/src/client/index.js';
import type { LogLine } from '../../packages/daemon/src/protocol/index.js';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { createSandbox, uniqueName, type DevSandbox } from '../support/dev-sandbox.js';
import { eventually } from '../support/eventually.js';

const projectName = uniqueName('daemon', 'logs');
let sandbox: DevSandbox;
let projectDir: string;

const counter = (label: string) =>
  `["sh", "-c", "i=0; while [ $$i -lt 100000 ]; do i=$$((i+1)); echo ${label} $$i; sleep 0.01; done; sleep infinity"]`;

beforeAll(async () => {
  sandbox = createSandbox(projectName);
  sandbox.track(projectName);
  projectDir = sandbox.fixture('project', {
    'compose.yaml': `name: ${projectName}
services:
  alpha:
    image: debian:bookworm-slim
    init: true
    command: ${counter('alpha')}
  beta:
    image: debian:bookworm-slim
    init: true
    command: ${counter('beta')}
`,
  });
  const up = await sandbox.dev(['up', '-d'], { cwd: projectDir });
  expect(up.code, up.stderr).toBe(0);
});

afterEach((context) => {
  if (context.task.result?.state === 'fail') sandbox.keepArtifacts(`${context.task.name} failed`);
});

afterAll(async () => {
  await sandbox.dev(['down', '-t', '0'], { cwd: projectDir });
  await sandbox.cleanup();
});

/** Per service, the counter values seen, in order. */
const countersOf = (lines: LogLine[]): Record<string, number[]> => {
  const counters: Record<string, number[]> = {};
  for (const line of lines) {
    const [label, value] = line.text.split(' ');
    if (label === undefined || value === undefined) continue;
    (counters[label] ??= []).push(Number(value));
  }
  return counters;
};

const expectContiguous = (values: number[]): void => {
  const breaks = values
    .slice(1)
    .flatMap((value, index) => (value === (values[index] as number) + 1 ? [] : [`${values[index]} -> ${value}`]));
  expect(breaks).toEqual([]);
};

test('dev logs -f shows every service, prefixed', async () => {
  const follower = sandbox.spawnDev(['logs', '-f', '--tail', '5'], { cwd: projectDir });
  try {
    await eventually(() => {
      expect(follower.output()).toMatch(/^alpha-1\s+\| alpha \d+$/m);
      expect(follower.output()).toMatch(/^beta-1\s+\| beta \d+$/m);
    }, 20_000);
  } finally {
    follower.child.kill('SIGINT');
  }
});

test('a client that disconnects and reconnects resumes with no gap and no duplicate', async () => {
  const socketPath = join(sandbox.env['XDG_RUNTIME_DIR'] as string, 'devup', 'devd.sock');
  const first: LogLine[] = [];
  const firstStream = openStream(
    { projectName, logs: true, tail: 0 },
    { onMessage: (message) => message.type === 'log' && first.push(message.line) },
    { socketPath },
  );
  await eventually(() => expect(first.length).toBeGreaterThan(100), 20_000);
  firstStream.close();
  const resumeFrom = Object.fromEntries(firstStream.lastLogSeq);

  // Lines keep coming while nobody listens.
  const lastSeen = first.at(-1)?.seq ?? 0;
  await eventually(async () => {
    const history = await sandbox.dev(['logs', '--tail', '1'], { cwd: projectDir });
    expect(history.stdout.split('\n').filter(Boolean).length).toBe(2);
    expect(first.at(-1)?.seq).toBe(lastSeen);
  });

  const second: LogLine[] = [];
  const secondStream = openStream(
    { projectName, logs: true, tail: 0 },
    { onMessage: (message) => message.type === 'log' && second.push(message.line) },
    { socketPath, resumeFrom },
  );
  await eventually(() => expect(second.length).toBeGreaterThan(100), 20_000);
  secondStream.close();

  expect(second[0]?.seq).toBe(lastSeen + 1);
  const all = [...first, ...second];
  const seqs = all.map((line) => line.seq);
  expect(new Set(seqs).size).toBe(seqs.length);
  for (const values of Object.values(countersOf(all))) expectContiguous(values);
  expect(Object.keys(countersOf(all)).sort()).toEqual(['alpha', 'beta']);
});

/** devd's child processes: its log plane. */
const childrenOf = (pid: number): number[] =>
  readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]?.split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);

/** Follows both services through `interrupt`; every counter value arrives once, in order. */
const followThrough = async (interrupt: () => Promise<void>): Promise<void> => {
  const socketPath = join(sandbox.env['XDG_RUNTIME_DIR'] as string, 'devup', 'devd.sock');
  const lines: LogLine[] = [];
  const stream = openStream(
    { projectName, logs: true, tail: 0 },
    { onMessage: (message) => message.type === 'log' && lines.push(message.line) },
    { socketPath, backoffMs: [100, 200] },
  );
  try {
    await eventually(() => expect(lines.length).toBeGreaterThan(100), 20_000);
    await interrupt();
    const before = lines.length;
    await eventually(() => expect(lines.length).toBeGreaterThan(before + 200), 30_000);
  } finally {
    stream.close();
  }
  const counters = countersOf(lines);
  expect(Object.keys(counters).sort()).toEqual(['alpha', 'beta']);
  for (const values of Object.values(counters)) {
    expect(new Set(values).size).toBe(values.length);
    expectContiguous(values);
  }
};

test.each(['stop', 'kill -9'])(
  'a client following through a devd restart (%s) gets no line twice and none lost; the old log plane process ends',
  async (how) => {
    const devdPid = sandbox.daemonPid() as number;
    const planePids = childrenOf(devdPid);
    expect(planePids).toHaveLength(1);
    await followThrough(async () => {
      if (how === 'stop') expect((await sandbox.dev(['daemon', 'stop'])).code).toBe(0);
      else process.kill(devdPid, 'SIGKILL');
      const started = await sandbox.dev(['daemon', 'start']);
      expect(started.code, started.stderr).toBe(0);
    });
    // The old devd's log plane process ended with it: nothing is left behind.
    await eventually(() => expect(planePids.filter((pid) => existsSync(`/proc/${pid}`))).toEqual([]), 10_000);
  },
  90_000,
);

test('the log plane process killed: devd starts it again, and a following client gets no line twice and none lost', async () => {
  const devdPid = sandbox.daemonPid() as number;
  const [planePid] = childrenOf(devdPid);
  expect(planePid).toBeDefined();
  await followThrough(async () => {
    process.kill(planePid as number, 'SIGKILL');
    await eventually(() => {
      const planes = childrenOf(devdPid);
      expect(planes).toHaveLength(1);
      expect(planes).not.toContain(planePid);
    }, 10_000);
  });
  // devd itself went on: same process, and its API answers.
  expect(sandbox.daemonPid()).toBe(devdPid);
  const status = JSON.parse((await sandbox.dev(['daemon', 'status', '--json'])).stdout) as {
    logPlane?: { pid: number; restarts: number };
  };
  expect(status.logPlane).toEqual({ pid: childrenOf(devdPid)[0], restarts: 1 });
  expect((await sandbox.dev(['daemon', 'status'])).stdout).toMatch(
    /^logs +kept by the log plane process \(pid \d+, restarted 1 time\)$/m,
  );
  const history = await sandbox.dev(['logs', '--tail', '1'], { cwd: projectDir });
  expect(history.code, history.stderr).toBe(0);
  expect(history.stdout).toMatch(/alpha \d+/);
}, 90_000);
