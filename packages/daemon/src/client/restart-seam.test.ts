import { describe, expect, test } from 'vitest';
import type { LogLine } from '../protocol/messages.js';
import { RestartSeam } from './restart-seam.js';

const T0 = Date.parse('2026-01-01T00:00:00.000Z');

/** Line `n` of service web; `skewMs` moves its time (the daemon's receive time is a little late). */
const line = (n: number, skewMs = 0, text = `line ${n}`): LogLine => ({
  seq: n,
  projectName: 'shop',
  serviceName: 'web',
  replica: 1,
  stream: 'stdout',
  time: new Date(T0 + n * 10 + skewMs).toISOString(),
  text,
});

/** Delivers `delivered` (receive times), restarts, serves `served` (engine times); returns what came through. */
const across = (delivered: LogLine[], served: LogLine[], now = 0): string[] => {
  const seam = new RestartSeam();
  for (const entry of delivered) seam.delivered(entry);
  seam.begin(now);
  return served.flatMap((entry) => seam.admit(entry, now).map((admitted) => admitted.text));
};

const range = (from: number, to: number, skewMs = 0): LogLine[] =>
  Array.from({ length: to - from + 1 }, (_, index) => line(from + index, skewMs));

describe('RestartSeam', () => {
  test.each([
    { name: 'backlog overlaps the delivered tail', delivered: [1, 50], served: [20, 80], expected: [51, 80] },
    {
      name: 'backlog starts before the first delivered line',
      delivered: [40, 50],
      served: [1, 60],
      expected: [51, 60],
    },
    {
      name: 'backlog is exactly what was delivered, then new',
      delivered: [1, 50],
      served: [1, 51],
      expected: [51, 51],
    },
    {
      name: 'lines were lost in between: all served are new',
      delivered: [1, 50],
      served: [60, 70],
      expected: [60, 70],
    },
  ])('$name', ({ delivered, served, expected }) => {
    // Receive times 3 ms late, as a live attach's are; the served backlog has engine times.
    const got = across(range(delivered[0]!, delivered[1]!, 3), range(served[0]!, served[1]!));
    expect(got).toEqual(range(expected[0]!, expected[1]!).map((entry) => entry.text));
  });

  test('lines printed within one millisecond (same time) are neither dropped nor repeated', () => {
    const same = (n: number): LogLine => ({ ...line(n), time: new Date(T0).toISOString() });
    const got = across([same(1), same(2), same(3)], [same(1), same(2), same(3), same(4), same(5)]);
    expect(got).toEqual(['line 4', 'line 5']);
  });

  test('repeated texts line up by position and time, not by text alone', () => {
    const tick = (n: number): LogLine => line(n, 0, 'tick');
    const got = across(
      [1, 2, 3, 4].map(tick),
      [1, 2, 3, 4, 5, 6].map((n) => tick(n * 1000)),
    );
    // Served ticks are seconds apart from the delivered ones: none of them is a repeat.
    expect(got).toHaveLength(6);
  });

  test('a match that stops getting lines is settled: what it held was a repeat', () => {
    const seam = new RestartSeam();
    for (const entry of range(1, 10, 3)) seam.delivered(entry);
    seam.begin(0);
    expect(range(5, 8).flatMap((entry) => seam.admit(entry, 0))).toEqual([]);
    seam.settle(2000);
    expect(seam.active).toBe(false);
    expect(seam.admit(line(11), 2000).map((entry) => entry.text)).toEqual(['line 11']);
  });

  test('a container the client never saw passes straight through', () => {
    const seam = new RestartSeam();
    for (const entry of range(1, 3)) seam.delivered(entry);
    seam.begin(0);
    const other = { ...line(1), serviceName: 'db' };
    expect(seam.admit(other, 0)).toEqual([other]);
  });
});
