import { describe, expect, test } from 'vitest';
import { encodeUnit } from '../logs/lines-unit.js';
import type { LogLine } from '../protocol/messages.js';
import { type FrameData, frameString } from './stream-frame.js';
import { SealClock } from './seal-clock.js';
import { StreamOutbox } from './stream-outbox.js';

/** Seals after the I/O callbacks of each turn; `nextTurn` lets it. */
const turnClock = new SealClock(0);
/** Lets the outbox seal the lines of this turn. */
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

const logLine = (seq: number): LogLine => ({
  seq,
  projectName: 'shop',
  serviceName: 'web',
  replica: 1,
  stream: 'stdout',
  time: 't',
  text: `l${seq}`,
});

/** Queues one line, as the log plane's feed hands it over. */
const pushLine = (outbox: StreamOutbox, line: LogLine): void =>
  outbox.pushUnits([encodeUnit(line.projectName, [line])]);

/** A socket whose writes complete only when the test says so. */
const slowSink = () => {
  const sent: { type: string; seq: number; fromSeq?: number; toSeq?: number; line?: LogLine; lines?: LogLine[] }[] = [];
  const pending: (() => void)[] = [];
  let closed: string | undefined;
  return {
    sent,
    closedWith: () => closed,
    drain: () => {
      while (pending.length > 0) pending.shift()?.();
    },
    sink: {
      send: (frame: FrameData, done: (error?: Error) => void) => {
        sent.push(JSON.parse(frameString(frame)) as (typeof sent)[number]);
        pending.push(() => done());
      },
      close: (_code: number, reason: string) => (closed = reason),
    },
  };
};

describe('StreamOutbox', () => {
  test('a fast client gets every message in order with contiguous seq numbers', () => {
    const socket = slowSink();
    const outbox = new StreamOutbox(socket.sink, { capacity: 10, inFlight: 2 }, turnClock);
    for (let seq = 1; seq <= 5; seq += 1) {
      pushLine(outbox, logLine(seq));
      socket.drain();
    }
    expect(socket.sent.map((message) => [message.seq, message.line?.seq])).toEqual([
      [1, 1],
      [2, 2],
      [3, 3],
      [4, 4],
      [5, 5],
    ]);
  });

  test('a stuck client loses log lines (only its own), then is told which, then continues', () => {
    const socket = slowSink();
    const outbox = new StreamOutbox(socket.sink, { capacity: 4, inFlight: 1 }, turnClock);
    for (let seq = 1; seq <= 20; seq += 1) pushLine(outbox, logLine(seq));
    expect(outbox.queued).toBe(4);
    expect(outbox.droppedLines).toBe(15);
    for (let round = 0; round < 10; round += 1) socket.drain();
    pushLine(outbox, logLine(21));
    for (let round = 0; round < 10; round += 1) socket.drain();
    const summary = socket.sent.map((message) =>
      message.type === 'log' ? `log ${message.line?.seq}` : `${message.type} ${message.fromSeq}..${message.toSeq}`,
    );
    expect(summary).toEqual(['log 1', 'log 2', 'log 3', 'log 4', 'log 5', 'logs-skipped 6..20', 'log 21']);
  });

  test('status messages are never dropped; a client stuck past twice the capacity is disconnected', () => {
    const socket = slowSink();
    const outbox = new StreamOutbox(socket.sink, { capacity: 2, inFlight: 1 }, turnClock);
    for (let index = 0; index < 6; index += 1) outbox.push({ type: 'project-removed', projectName: `p${index}` });
    expect(socket.closedWith()).toBe('client too slow; reconnect to resume');
  });

  test('a batching client gets the lines of one turn in one logs frame, ordered with status messages', async () => {
    const socket = slowSink();
    const outbox = new StreamOutbox(socket.sink, { capacity: 10, inFlight: 4 }, turnClock);
    outbox.batching = true;
    for (let seq = 1; seq <= 3; seq += 1) pushLine(outbox, logLine(seq));
    outbox.push({ type: 'project-removed', projectName: 'p' });
    for (let seq = 4; seq <= 6; seq += 1) pushLine(outbox, logLine(seq));
    await nextTurn();
    socket.drain();
    const summary = socket.sent.map((message) =>
      message.type === 'logs' ? `logs ${message.lines?.map((line) => line.seq).join(',')}` : message.type,
    );
    expect(summary).toEqual(['logs 1,2,3', 'project-removed', 'logs 4,5,6']);
    expect(socket.sent.map((message) => message.seq)).toEqual([1, 2, 3]);
  });

  test.each([
    { batchLines: 2, frames: ['logs 1,2', 'logs 3,4', 'logs 5'] },
    { batchLines: 10, frames: ['logs 1,2,3,4,5'] },
  ])('a batch is sealed at $batchLines lines', async ({ batchLines, frames }) => {
    const socket = slowSink();
    const outbox = new StreamOutbox(socket.sink, { capacity: 10, inFlight: 10, batchLines }, turnClock);
    outbox.batching = true;
    for (let seq = 1; seq <= 5; seq += 1) pushLine(outbox, logLine(seq));
    await nextTurn();
    expect(socket.sent.map((message) => `logs ${message.lines?.map((line) => line.seq).join(',')}`)).toEqual(frames);
  });

  test('a stuck batching client is bounded by bytes: it loses its lines, is told which, then continues', async () => {
    const socket = slowSink();
    // Each line costs ~85 bytes: about 10 fit in 1,000 bytes.
    const outbox = new StreamOutbox(
      socket.sink,
      { capacity: 4, inFlight: 1, logBytes: 1000, batchLines: 2 },
      turnClock,
    );
    outbox.batching = true;
    for (let seq = 1; seq <= 100; seq += 1) pushLine(outbox, logLine(seq));
    await nextTurn();
    expect(outbox.logBytes).toBeLessThanOrEqual(1100);
    expect(outbox.droppedLines).toBeGreaterThan(80);
    for (let round = 0; round < 20; round += 1) socket.drain();
    pushLine(outbox, logLine(101));
    await nextTurn();
    for (let round = 0; round < 20; round += 1) socket.drain();
    const seqs = socket.sent.flatMap((message) =>
      message.type === 'logs'
        ? (message.lines ?? []).map((line) => String(line.seq))
        : [`skipped ${message.fromSeq}..${message.toSeq}`],
    );
    const kept = 100 - outbox.droppedLines;
    expect(seqs).toEqual([
      ...Array.from({ length: kept }, (_, index) => String(index + 1)),
      `skipped ${kept + 1}..100`,
      '101',
    ]);
  });

  test('a slow batching client gets the lines of many turns in one waiting frame and is not disconnected for them', async () => {
    const socket = slowSink();
    const outbox = new StreamOutbox(socket.sink, { capacity: 2, inFlight: 1, batchLines: 50 }, turnClock);
    outbox.batching = true;
    for (let seq = 1; seq <= 120; seq += 1) {
      pushLine(outbox, logLine(seq));
      await nextTurn();
    }
    expect(socket.closedWith()).toBeUndefined();
    expect(outbox.queued).toBe(3);
    for (let round = 0; round < 10; round += 1) socket.drain();
    expect(socket.sent.map((message) => message.lines?.length)).toEqual([1, 50, 50, 19]);
    expect(socket.sent.flatMap((message) => message.lines?.map((line) => line.seq))).toEqual(
      Array.from({ length: 120 }, (_, index) => index + 1),
    );
  });

  test('a lower limit set from the shared budget bounds a batching client', async () => {
    const socket = slowSink();
    const outbox = new StreamOutbox(
      socket.sink,
      { capacity: 4, inFlight: 1, logBytes: 100_000, batchLines: 2 },
      turnClock,
    );
    outbox.batching = true;
    outbox.logBytesLimit = 1000;
    for (let seq = 1; seq <= 100; seq += 1) pushLine(outbox, logLine(seq));
    await nextTurn();
    expect(outbox.logBytes).toBeLessThanOrEqual(1100);
    expect(outbox.droppedLines).toBeGreaterThan(80);
  });
});
