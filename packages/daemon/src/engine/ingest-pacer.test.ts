import { PassThrough } from 'node:stream';
import { describe, expect, test } from 'vitest';
import { IngestPacer, type PacerClock } from './ingest-pacer.js';
import { LineSplitter } from './log-demux.js';
import { pumpOutput } from './stream-io.js';

/** A clock we drive: work advances it by what it "costs"; afterIo callbacks run on `turn()`. */
const manualClock = () => {
  let now = 0;
  let pending: (() => void)[] = [];
  const clock: PacerClock = {
    now: () => now,
    afterIo: (callback) => void pending.push(callback),
    after: (_ms, callback) => void pending.push(callback),
  };
  return {
    clock,
    spend: (ms: number) => void (now += ms),
    /** Ends the I/O callbacks of this turn: runs what waited for them. */
    turn: () => {
      const callbacks = pending;
      pending = [];
      for (const callback of callbacks) callback();
    },
  };
};

const source = () => {
  const events: string[] = [];
  return { events, pause: () => void events.push('pause'), resume: () => void events.push('resume') };
};

describe('IngestPacer', () => {
  test('work runs at once while the turn has time left', () => {
    const time = manualClock();
    const pacer = new IngestPacer({ sliceMs: 8, restMs: 8 }, time.clock);
    const stream = source();
    const done: number[] = [];
    for (let index = 0; index < 3; index += 1)
      pacer.run(stream, () => {
        done.push(index);
        time.spend(2);
      });
    expect(done).toEqual([0, 1, 2]);
    expect(stream.events).toEqual([]);
  });

  test('past the slice, work waits with its stream paused and runs in later turns, in order', () => {
    const time = manualClock();
    const pacer = new IngestPacer({ sliceMs: 8, restMs: 8 }, time.clock);
    const first = source();
    const second = source();
    const done: string[] = [];
    const work = (name: string) => () => {
      done.push(name);
      time.spend(5);
    };
    pacer.run(first, work('a1'));
    pacer.run(first, work('a2'));
    pacer.run(second, work('b1'));
    pacer.run(first, work('a3'));
    pacer.run(second, work('b2'));
    // a1 and a2 fit the 8 ms slice (a2 started at 5 ms); the rest waits.
    expect(done).toEqual(['a1', 'a2']);
    expect(first.events).toEqual(['pause']);
    expect(second.events).toEqual(['pause']);
    expect(pacer.waitingSources).toBe(2);

    time.turn();
    // One slice: one chunk per source in turn (the one that waited first first) until 8 ms are spent.
    expect(done).toEqual(['a1', 'a2', 'b1', 'a3']);
    expect(first.events).toEqual(['pause', 'resume']);
    expect(second.events).toEqual(['pause']);

    time.turn();
    expect(done).toEqual(['a1', 'a2', 'b1', 'a3', 'b2']);
    expect(second.events).toEqual(['pause', 'resume']);
    expect(pacer.waitingSources).toBe(0);
  });

  /** A pacer whose first work used up the slice, so the second waits. */
  const secondWaiting = () => {
    const time = manualClock();
    const pacer = new IngestPacer({ sliceMs: 8, restMs: 8 }, time.clock);
    const stream = source();
    const done: number[] = [];
    pacer.run(stream, () => (done.push(1), time.spend(10)));
    pacer.run(stream, () => done.push(2));
    return { time, pacer, stream, done };
  };

  test('a new turn has a new slice', () => {
    const { time, pacer, stream, done } = secondWaiting();
    expect(done).toEqual([1]);
    time.turn();
    expect(done).toEqual([1, 2]);
    pacer.run(stream, () => done.push(3));
    expect(done).toEqual([1, 2, 3]);
  });

  test('cancel drops the waiting work of a source', () => {
    const { time, pacer, stream, done } = secondWaiting();
    pacer.cancel(stream);
    time.turn();
    expect(done).toEqual([1]);
    expect(pacer.waitingSources).toBe(0);
  });
});

describe('pumpOutput through a pacer', () => {
  test('a flood is split over turns of the event loop, every line in order, the end after the last', async () => {
    // A slice so small that each chunk waits for a turn of its own.
    const pacer = new IngestPacer({ sliceMs: 0.001, restMs: 0 });
    const stream = new PassThrough();
    const lines: string[] = [];
    let turns = 0;
    const counter = setInterval(() => (turns += 1), 0);
    const splitter = new LineSplitter({ timestamps: false, now: () => 'now' }, (chunk) => lines.push(chunk.text));
    const done = pumpOutput(stream, true, splitter, new AbortController().signal, pacer);
    for (let index = 0; index < 200; index += 1) stream.write(`line ${index}\n`);
    stream.end('last without newline');
    await done;
    clearInterval(counter);
    expect(lines).toEqual([...Array.from({ length: 200 }, (_, index) => `line ${index}\n`), 'last without newline']);
    expect(turns).toBeGreaterThan(0);
  });
});
