import { expect, test } from 'vitest';
import { parseGoDurationNs, parseGoDurationSeconds } from './go-duration.js';

test.each([
  ['30s', 30e9],
  ['1m30s', 90e9],
  ['500ms', 500e6],
  ['1h', 3600e9],
  ['1.5s', 1.5e9],
  ['10us', 10e3],
  ['0', 0],
])('%s is %d ns', (text, ns) => {
  expect(parseGoDurationNs(text)).toBe(ns);
});

test.each(['', '10', 'abc', '1x'])('%j is not a duration', (text) => {
  expect(() => parseGoDurationNs(text)).toThrow(/not a duration/);
});

test('seconds round up, so a grace period is never shortened', () => {
  expect(parseGoDurationSeconds('1500ms')).toBe(2);
});
