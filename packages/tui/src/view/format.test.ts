import { expect, test } from 'vitest';
import { fitText, formatBytes, formatPercent, formatPort, formatUptime, formatWatch } from './format.js';

test.each([
  [0, '0s'],
  [42_900, '42s'],
  [187_000, '3m07s'],
  [7_500_000, '2h05m'],
  [273_600_000, '3d04h'],
  [28_000_000_000, '324d'],
  [-5, '0s'],
])('uptime of %i ms is %s', (milliseconds, expected) => {
  expect(formatUptime(milliseconds)).toBe(expected);
});

test.each([
  [512, '512B'],
  [2048, '2.0K'],
  [83 * 1024 * 1024, '83M'],
  [1.5 * 1024 ** 3, '1.5G'],
])('%i bytes is %s', (bytes, expected) => {
  expect(formatBytes(bytes)).toBe(expected);
});

test.each([
  [0.41, '0.4%'],
  [12.4, '12%'],
  [250, '250%'],
])('%f percent is %s', (percent, expected) => {
  expect(formatPercent(percent)).toBe(expected);
});

test.each([
  [
    { hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp', url: 'http://127.0.0.1:8080' },
    'http://127.0.0.1:8080',
  ],
  [{ hostIp: '0.0.0.0', hostPort: 53, containerPort: 53, protocol: 'udp' }, '53/udp'],
  [{ hostIp: '127.0.0.1', hostPort: 5432, containerPort: 5432, protocol: 'tcp' }, '127.0.0.1:5432/tcp'],
] as const)('port %o reads %s', (port, expected) => {
  expect(formatPort(port)).toBe(expected);
});

test.each([
  [{ kind: 'off' }, '-'],
  [{ kind: 'watching' }, 'watching'],
  [{ kind: 'syncing', files: 3 }, 'sync 3'],
  [{ kind: 'in-sync', at: '' }, 'in sync'],
  [{ kind: 'rebuilding' }, 'rebuild'],
  [{ kind: 'failed', reason: 'x' }, 'failed'],
] as const)('watch %o reads %s', (watch, expected) => {
  expect(formatWatch(watch)).toBe(expected);
});

test.each([
  ['web', 5, 'web  '],
  ['postgres', 5, 'post…'],
  ['x', 0, ''],
])('fitText(%s, %i)', (text, width, expected) => {
  expect(fitText(text, width)).toBe(expected);
});
