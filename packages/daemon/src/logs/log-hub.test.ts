import { describe, expect, test } from 'vitest';
import { LogHub } from './log-hub.js';
import { parseTimeNs } from './log-time.js';

const line = (serviceName: string, text: string, time = '2026-01-01T00:00:00Z', projectName = 'shop') => ({
  projectName,
  serviceName,
  replica: 1,
  stream: 'stdout' as const,
  time,
  text,
});

describe('LogHub', () => {
  test('sequence numbers increase per project, independently', () => {
    const hub = new LogHub();
    expect([
      hub.append(line('web', 'a')).seq,
      hub.append(line('db', 'b')).seq,
      hub.append(line('web', 'c', undefined, 'blog')).seq,
    ]).toEqual([1, 2, 1]);
    expect(hub.lastSeq('shop')).toBe(2);
  });

  test('linesAfter resumes exactly after the last seen line, across services', () => {
    const hub = new LogHub();
    for (const [service, text] of [
      ['web', 'w1'],
      ['db', 'd1'],
      ['web', 'w2'],
      ['db', 'd2'],
    ] as const)
      hub.append(line(service, text));
    expect(hub.linesAfter('shop', 2).lines.map((entry) => entry.text)).toEqual(['w2', 'd2']);
    expect(hub.linesAfter('shop', 0, ['db']).lines.map((entry) => entry.text)).toEqual(['d1', 'd2']);
    expect(hub.linesAfter('shop', 4)).toEqual({ lines: [] });
  });

  test('a ring buffer keeps the newest lines and reports what a resuming reader lost', () => {
    const hub = new LogHub(3);
    for (let index = 1; index <= 5; index += 1) hub.append(line('web', `l${index}`));
    expect(hub.tail('shop', 10).map((entry) => entry.text)).toEqual(['l3', 'l4', 'l5']);
    expect(hub.linesAfter('shop', 1)).toMatchObject({ skipped: { fromSeq: 2, toSeq: 2 } });
    expect(hub.linesAfter('shop', 2).skipped).toBeUndefined();
  });

  test('tail gives the newest N of each service in sequence order', () => {
    const hub = new LogHub();
    for (const [service, text] of [
      ['web', 'w1'],
      ['db', 'd1'],
      ['web', 'w2'],
      ['web', 'w3'],
    ] as const)
      hub.append(line(service, text));
    expect(hub.tail('shop', 1).map((entry) => entry.text)).toEqual(['d1', 'w3']);
  });

  test('since compares engine times numerically, whatever their fraction length', () => {
    const hub = new LogHub();
    hub.append(line('web', 'early', '2026-01-01T00:00:00.12Z'));
    hub.append(line('web', 'late', '2026-01-01T00:00:00.123456789Z'));
    expect(hub.since('shop', '2026-01-01T00:00:00.123Z').map((entry) => entry.text)).toEqual(['late']);
  });

  test('live subscribers get every appended line', () => {
    const hub = new LogHub();
    const seen: string[] = [];
    const unsubscribe = hub.subscribe((entry) => seen.push(entry.text));
    hub.append(line('web', 'one'));
    unsubscribe();
    hub.append(line('web', 'two'));
    expect(seen).toEqual(['one']);
  });
});

test.each([
  ['2026-01-01T00:00:00Z', 1767225600000000000n],
  ['2026-01-01T00:00:00.5Z', 1767225600500000000n],
  ['2026-01-01T00:00:00.000000001Z', 1767225600000000001n],
  ['2026-01-01T01:00:00+01:00', 1767225600000000000n],
  ['not a time', undefined],
])('parseTimeNs(%s)', (iso, expected) => {
  expect(parseTimeNs(iso)).toBe(expected);
});
