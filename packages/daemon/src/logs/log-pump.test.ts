import { describe, expect, test } from 'vitest';
import { createMemoryLog } from '../daemon-log.js';
import { eventually } from '../engine/eventually.js';
import { FakeEngine } from '../engine/fake-engine.js';
import { LogHub } from './log-hub.js';
import { LogPumps, PumpCursor } from './log-pump.js';

const chunk = (time: string, text: string, stream: 'stdout' | 'stderr' = 'stdout') => ({ time, text, stream });

describe('PumpCursor', () => {
  test('a resume replays the overlap and drops exactly what was delivered', () => {
    const cursor = new PumpCursor();
    // Live lines carry the daemon's receive time, slightly after the engine's.
    expect(cursor.admit(chunk('2026-01-01T00:00:01.010Z', 'a\n'))).toBe(true);
    expect(cursor.admit(chunk('2026-01-01T00:00:01.020Z', 'b\n'))).toBe(true);
    const since = cursor.resume();
    expect(since).toBeCloseTo(1767225599.02, 3);
    // The backlog carries the engine's own (earlier) times.
    const admitted = [
      chunk('2026-01-01T00:00:01.001Z', 'a\n'),
      chunk('2026-01-01T00:00:01.002Z', 'b\n'),
      chunk('2026-01-01T00:00:01.003Z', 'c\n'),
      chunk('2026-01-01T00:00:02.000Z', 'd\n'),
    ].filter((entry) => cursor.admit(entry));
    expect(admitted.map((entry) => entry.text)).toEqual(['c\n', 'd\n']);
  });

  test('the same text twice in the overlap is dropped only as often as it was delivered', () => {
    const cursor = new PumpCursor();
    cursor.admit(chunk('2026-01-01T00:00:01.000Z', 'tick'));
    cursor.resume();
    const admitted = [chunk('2026-01-01T00:00:00.999Z', 'tick'), chunk('2026-01-01T00:00:00.999Z', 'tick')].filter(
      (entry) => cursor.admit(entry),
    );
    expect(admitted).toHaveLength(1);
  });
  test('a line the engine stamped after devd received it is still recognised as delivered', () => {
    const cursor = new PumpCursor();
    // Received live at the end of their millisecond; the engine stamped n=3 30 ms later.
    for (const [time, n] of [
      ['2026-01-01T00:00:01.200999999Z', 1],
      ['2026-01-01T00:00:01.400999999Z', 2],
      ['2026-01-01T00:00:01.600999999Z', 3],
    ] as const)
      expect(cursor.admit(chunk(time, `n=${n}\n`))).toBe(true);
    cursor.resume();
    const admitted = [
      chunk('2026-01-01T00:00:01.200000100Z', 'n=1\n'),
      chunk('2026-01-01T00:00:01.400000100Z', 'n=2\n'),
      chunk('2026-01-01T00:00:01.631000000Z', 'n=3\n'),
      chunk('2026-01-01T00:00:01.800000000Z', 'n=4\n'),
    ].filter((entry) => cursor.admit(entry));
    expect(admitted.map((entry) => entry.text)).toEqual(['n=4\n']);
  });

  test('a line printed again after the resume point is new, also within the stamp lag', () => {
    const cursor = new PumpCursor();
    cursor.admit(chunk('2026-01-01T00:00:01.000999999Z', 'tick\n'));
    cursor.admit(chunk('2026-01-01T00:00:01.000999999Z', 'tick\n', 'stderr'));
    cursor.resume();
    const admitted = [
      chunk('2026-01-01T00:00:01.000500000Z', 'tick\n'),
      chunk('2026-01-01T00:00:01.100000000Z', 'tick\n'),
      chunk('2026-01-01T00:00:01.100000000Z', 'tick\n', 'stderr'),
      chunk('2026-01-01T00:00:01.200000000Z', 'tick\n', 'stderr'),
    ].filter((entry) => cursor.admit(entry));
    // The first stdout tick and the first stderr tick are the copies; the rest is new.
    expect(admitted.map((entry) => `${entry.stream} ${entry.time}`)).toEqual([
      'stdout 2026-01-01T00:00:01.100000000Z',
      'stderr 2026-01-01T00:00:01.200000000Z',
    ]);
  });

  test('a copy stamped more than the stamp lag after the delivered line is a new line', () => {
    const cursor = new PumpCursor();
    cursor.admit(chunk('2026-01-01T00:00:01.000999999Z', 'tick\n'));
    cursor.resume();
    expect(cursor.admit(chunk('2026-01-01T00:00:02.001000000Z', 'tick\n'))).toBe(true);
  });

  test('a line in the microsecond the resume asks from is recognised as delivered', () => {
    const cursor = new PumpCursor();
    cursor.admit(chunk('2026-01-01T00:00:01.000000500Z', 'a\n'));
    cursor.admit(chunk('2026-01-01T00:00:03.000000999Z', 'b\n'));
    // The engine takes microseconds: it is asked from 01.000000, which includes `a`.
    expect(cursor.resume()).toBe(Date.parse('2026-01-01T00:00:01.000Z') / 1000);
    expect(cursor.admit(chunk('2026-01-01T00:00:01.000000500Z', 'a\n'))).toBe(false);
  });
});

describe('LogPumps', () => {
  const startContainer = async (engine: FakeEngine): Promise<string> => {
    const containerId = await engine.createContainer({
      name: 'shop-web-1',
      image: 'app',
      labels: { 'com.docker.compose.project': 'shop', 'com.docker.compose.service': 'web' },
      env: [],
      tty: false,
      openStdin: false,
      exposedPorts: [],
      host: { binds: [], mounts: [], portBindings: {}, extraHosts: [] },
    });
    await engine.startContainer(containerId);
    return containerId;
  };

  test('backlog then live output, newline-free; after the container restarts the pump resumes with nothing repeated', async () => {
    const engine = new FakeEngine();
    const hub = new LogHub();
    const pumps = new LogPumps(engine, hub, createMemoryLog(), { backlogTail: 100 });
    const containerId = await startContainer(engine);
    engine.writeOutput(containerId, 'stdout', 'before\n');
    const target = { containerId, projectName: 'shop', serviceName: 'web', replica: 1 };
    pumps.ensure(target);
    await eventually(() => expect(hub.tail('shop', 10).map((line) => line.text)).toEqual(['before']));
    engine.writeOutput(containerId, 'stderr', 'live\n');
    await eventually(() => expect(hub.lastSeq('shop')).toBe(2));
    engine.exitContainer(containerId, 1);
    await eventually(() => expect(pumps.activeCount()).toBe(0));
    await engine.startContainer(containerId);
    engine.writeOutput(containerId, 'stdout', 'after\n');
    pumps.ensure(target);
    await eventually(() => expect(hub.tail('shop', 10).map((line) => line.text)).toContain('after'));
    pumps.close();
    expect(hub.tail('shop', 10).map((line) => `${line.stream}:${line.text}`)).toEqual([
      'stdout:before',
      'stderr:live',
      'stdout:after',
    ]);
  });

  test('a start reported while the last run is still draining is followed once that run ends', async () => {
    const engine = new FakeEngine();
    const hub = new LogHub();
    const pumps = new LogPumps(engine, hub, createMemoryLog());
    const containerId = await startContainer(engine);
    const target = { containerId, projectName: 'shop', serviceName: 'web', replica: 1 };
    pumps.ensure(target);
    engine.writeOutput(containerId, 'stdout', 'first run\n');
    await eventually(() => expect(hub.lastSeq('shop')).toBe(1));
    engine.exitContainer(containerId, 3);
    // The engine restarted it before the first run's stream ended; the second run wrote and exited.
    pumps.ensure(target);
    engine.writeOutput(containerId, 'stdout', 'second run\n');
    await eventually(() => expect(hub.tail('shop', 10).map((line) => line.text)).toEqual(['first run', 'second run']));
    pumps.close();
  });

  test('ensure on a running pump starts no second one', async () => {
    const engine = new FakeEngine();
    const hub = new LogHub();
    const pumps = new LogPumps(engine, hub, createMemoryLog());
    const containerId = await startContainer(engine);
    const target = { containerId, projectName: 'shop', serviceName: 'web', replica: 1 };
    pumps.ensure(target);
    pumps.ensure(target);
    expect(pumps.activeCount()).toBe(1);
    engine.writeOutput(containerId, 'stdout', 'once\n');
    await eventually(() => expect(hub.lastSeq('shop')).toBe(1));
    pumps.close();
  });
});
