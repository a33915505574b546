import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { ChangeBatcher } from './change-batcher.js';

describe('ChangeBatcher', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const clock = {
    now: () => Date.now(),
    setTimeout: (callback: () => void, ms: number) => setTimeout(callback, ms),
    clearTimeout: (handle: unknown) => clearTimeout(handle as NodeJS.Timeout),
  };

  function makeBatcher(quietMs = 50, maxDelayMs = 500) {
    const batches: string[][] = [];
    const batcher = new ChangeBatcher({ quietMs, maxDelayMs, clock, onBatch: (paths) => batches.push(paths.sort()) });
    return { batcher, batches };
  }

  test('emits once after the quiet period', () => {
    const { batcher, batches } = makeBatcher();
    batcher.add(['/a']);
    vi.advanceTimersByTime(49);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(batches).toEqual([['/a']]);
  });

  test('each new change restarts the quiet period and duplicates collapse', () => {
    const { batcher, batches } = makeBatcher();
    batcher.add(['/a']);
    vi.advanceTimersByTime(30);
    batcher.add(['/b', '/a']);
    vi.advanceTimersByTime(30);
    expect(batches).toEqual([]);
    vi.advanceTimersByTime(20);
    expect(batches).toEqual([['/a', '/b']]);
  });

  test('a steady stream is cut at the cap', () => {
    const { batcher, batches } = makeBatcher(50, 500);
    for (let elapsed = 0; elapsed < 1200; elapsed += 10) {
      batcher.add([`/f${elapsed}`]);
      vi.advanceTimersByTime(10);
    }
    expect(batches.length).toBe(2);
    expect(batches[0]!.length).toBe(50);
  });

  test('a 2,000-file burst becomes one batch', () => {
    const { batcher, batches } = makeBatcher();
    for (let index = 0; index < 2000; index += 1) batcher.add([`/src/f${index}.py`]);
    vi.advanceTimersByTime(50);
    expect(batches).toHaveLength(1);
    expect(batches[0]).toHaveLength(2000);
  });

  test('flush emits immediately; dispose drops pending', () => {
    const { batcher, batches } = makeBatcher();
    batcher.add(['/a']);
    batcher.flush();
    expect(batches).toEqual([['/a']]);
    batcher.add(['/b']);
    batcher.dispose();
    vi.advanceTimersByTime(1000);
    expect(batches).toEqual([['/a']]);
  });
});
