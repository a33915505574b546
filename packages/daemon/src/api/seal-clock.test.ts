import { expect, test } from 'vitest';
import { SealClock } from './seal-clock.js';

test('every seal requested before a tick runs once at that tick, in the order first requested', async () => {
  const clock = new SealClock(15);
  const ran: string[] = [];
  const first = (): void => void ran.push('first');
  const second = (): void => void ran.push('second');
  const started = performance.now();
  clock.request(first);
  clock.request(second);
  clock.request(first);
  expect(ran).toEqual([]);
  await new Promise((resolve) => setTimeout(resolve, 40));
  expect(ran).toEqual(['first', 'second']);
  expect(performance.now() - started).toBeGreaterThanOrEqual(14);
  clock.request(second);
  await new Promise((resolve) => setTimeout(resolve, 40));
  expect(ran).toEqual(['first', 'second', 'second']);
});

test('an interval of 0 seals after the I/O callbacks of this turn', async () => {
  const clock = new SealClock(0);
  const ran: number[] = [];
  clock.request(() => ran.push(1));
  await Promise.resolve();
  expect(ran).toEqual([]);
  await new Promise((resolve) => setImmediate(resolve));
  expect(ran).toEqual([1]);
});
