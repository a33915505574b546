import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import type { LogChunk } from './engine.js';
import { parseTimeNs } from '../logs/log-time.js';
import { followLogs, receiveTime, type LogSources } from './log-follow.js';

/** A container on a TTY (raw output) whose attach and backlog the test writes by hand. */
const sources = () => {
  const live = new PassThrough();
  const backlog = new PassThrough();
  let backlogAsked!: () => void;
  const backlogRead = new Promise<void>((resolve) => (backlogAsked = resolve));
  const source: LogSources = {
    tty: true,
    running: true,
    attach: () => Promise.resolve(live),
    readBacklog: () => {
      backlogAsked();
      return Promise.resolve(backlog);
    },
  };
  return { source, live, backlog, backlogRead };
};

const stamp = (text: string): string => `${new Date().toISOString()} ${text}\n`;
const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('followLogs: a line printed while the attach is set up arrives both ways once', () => {
  test.each([
    { order: 'live copy first', liveFirst: true },
    { order: 'backlog copy first', liveFirst: false },
  ])('$order', async ({ liveFirst }) => {
    const { source, live, backlog, backlogRead } = sources();
    const chunks: LogChunk[] = [];
    const abort = new AbortController();
    const done = followLogs(source, { tail: 100, follow: true, signal: abort.signal }, (chunk) => chunks.push(chunk));
    await backlogRead;
    backlog.write(stamp('before'));
    await turn();
    if (liveFirst) {
      live.write('boundary\n');
      await turn();
      backlog.write(stamp('boundary'));
    } else {
      backlog.write(stamp('boundary'));
      await turn();
      live.write('boundary\n');
    }
    await turn();
    backlog.end();
    await turn();
    live.write('after\n');
    live.end();
    await done;
    expect(chunks.map((chunk) => chunk.text)).toEqual(['before\n', 'boundary\n', 'after\n']);
  });

  test('a live line repeating an older backlog text is kept once the live output moved on', async () => {
    const { source, live, backlog, backlogRead } = sources();
    const chunks: LogChunk[] = [];
    const done = followLogs(source, { tail: 100, follow: true, signal: new AbortController().signal }, (chunk) =>
      chunks.push(chunk),
    );
    await backlogRead;
    backlog.write(stamp('tick'));
    backlog.end();
    await turn();
    live.write('tock\ntick\n');
    live.end();
    await done;
    expect(chunks.map((chunk) => chunk.text)).toEqual(['tick\n', 'tock\n', 'tick\n']);
  });
});

test('a line printed before the attach and stamped after it was established is in the backlog', async () => {
  const live = new PassThrough();
  let asked: number | undefined;
  const chunks: LogChunk[] = [];
  const source: LogSources = {
    tty: true,
    running: true,
    attach: () => Promise.resolve(live),
    // The engine's copier stamped the line 20 ms after the attach was established; the
    // engine answers with what it kept up to `until`.
    readBacklog: (until) => {
      asked = until;
      const stamp = new Date(Date.now() + 20).toISOString();
      return Promise.resolve(
        Buffer.from(until === undefined || Date.parse(stamp) <= until * 1000 ? `${stamp} before attach\n` : ''),
      );
    },
  };
  const done = followLogs(source, { tail: 100, follow: true, signal: new AbortController().signal }, (chunk) =>
    chunks.push(chunk),
  );
  await turn();
  live.write('after attach\n');
  live.end();
  await done;
  expect(asked).toBeDefined();
  expect(chunks.map((chunk) => chunk.text)).toEqual(['before attach\n', 'after attach\n']);
});

test('a receive time is never earlier than an engine stamp of the same millisecond', () => {
  const before = BigInt(Date.now()) * 1_000_000n;
  const received = parseTimeNs(receiveTime());
  expect(received).toBeDefined();
  expect((received as bigint) >= before + 999_999n).toBe(true);
  expect(receiveTime()).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$/);
});
