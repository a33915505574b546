// A pump resumed after the container's live output ended must not deliver again what it
// already has, also when the engine stamped a line later than devd received it: the
// engine's log copier runs behind the attach, and on a busy machine its stamp can be
// milliseconds after the receive time, past the end of the millisecond devd gave the line.

import { PassThrough } from 'node:stream';
import { expect, test } from 'vitest';
import { createMemoryLog } from '../daemon-log.js';
import type { LogChunk } from '../engine/engine.js';
import { eventually } from '../engine/eventually.js';
import { FakeEngine } from '../engine/fake-engine.js';
import { followLogs } from '../engine/log-follow.js';
import { LogHub } from './log-hub.js';
import { parseTimeNs } from './log-time.js';
import { LogPumps } from './log-pump.js';

/** A TTY container whose output is followed as the Docker adapter does: attach, then backlog. */
class AttachingEngine extends FakeEngine {
  running = true;
  live?: PassThrough;
  /** What the engine's log driver kept: its own stamp and the text. */
  readonly kept: { time: string; text: string }[] = [];
  readonly requests: { since?: number; tail?: number }[] = [];

  override streamLogs(
    _containerId: string,
    options: { since?: number; tail?: number; follow: boolean; signal: AbortSignal },
    onChunk: (chunk: LogChunk) => void,
  ): Promise<void> {
    this.requests.push({
      ...(options.since !== undefined ? { since: options.since } : {}),
      ...(options.tail !== undefined ? { tail: options.tail } : {}),
    });
    return followLogs(
      {
        tty: true,
        running: this.running,
        attach: () => Promise.resolve(this.running ? (this.live = new PassThrough()) : undefined),
        readBacklog: (until) => {
          const sinceMs = (options.since ?? 0) * 1000;
          const lines = this.kept.filter(
            (line) =>
              Date.parse(line.time) >= sinceMs && (until === undefined || Date.parse(line.time) <= until * 1000),
          );
          return Promise.resolve(Buffer.from(lines.map((line) => `${line.time} ${line.text}\n`).join('')));
        },
      },
      options,
      onChunk,
    );
  }
}

/** `iso` plus `ms` milliseconds, in the engine's nanosecond form. */
const later = (iso: string, ms: number): string => {
  const ns = (parseTimeNs(iso) as bigint) + BigInt(ms) * 1_000_000n;
  const whole = new Date(Number(ns / 1_000_000n)).toISOString().slice(0, 19);
  return `${whole}.${String(ns % 1_000_000_000n).padStart(9, '0')}Z`;
};

test('a resume after the run ended delivers no line again when the engine stamped the lines after devd received them', async () => {
  const engine = new AttachingEngine();
  const hub = new LogHub();
  const pumps = new LogPumps(engine, hub, createMemoryLog());
  const target = { containerId: 'c1', projectName: 'shop', serviceName: 'worker', replica: 1 };
  pumps.ensure(target);
  await eventually(() => expect(engine.live).toBeDefined());
  for (const n of [1, 2, 3]) {
    // The lines come some milliseconds apart, as a container printing every 200 ms.
    await new Promise((resolve) => setTimeout(resolve, 10));
    const text = `run=a n=${n}`;
    engine.live?.write(`${text}\n`);
    await eventually(() => expect(hub.lastSeq('shop')).toBe(n));
    // The engine's copier stamps the line a few milliseconds after devd received it.
    engine.kept.push({ time: later(hub.tail('shop', 1)[0]?.time ?? '', 3), text });
  }
  // A start reported again (an event replayed after a reconnect) while the run is followed.
  pumps.ensure(target);
  // The container is stopped: the attach ends, and the pump reads what the engine kept since.
  engine.running = false;
  engine.live?.end();
  await eventually(() => expect(engine.requests.filter((request) => request.since !== undefined)).toHaveLength(1));
  await eventually(() => expect(pumps.activeCount()).toBe(0));
  pumps.close();
  expect(hub.tail('shop', 10).map((line) => line.text)).toEqual(['run=a n=1', 'run=a n=2', 'run=a n=3']);
});
