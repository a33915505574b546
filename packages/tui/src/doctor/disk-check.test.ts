import { describe, expect, test } from 'vitest';
import { checkDiskSpace, formatBytes } from './disk-check.js';
import type { DiskProbe } from './disk-probe.js';

const gib = 1024 ** 3;

const probeOf =
  (free: Record<string, number>): DiskProbe =>
  async (path) => {
    const freeBytes = free[path];
    if (freeBytes === undefined) throw new Error('EACCES: permission denied');
    return { measuredPath: path, freeBytes, totalBytes: 100 * gib };
  };

const targets = [
  { label: 'Docker data root', path: '/var/lib/docker' },
  { label: 'project folder', path: '/src/shop' },
];

describe('checkDiskSpace', () => {
  test.each<{ name: string; free: Record<string, number>; status: string }>([
    { name: 'plenty', free: { '/var/lib/docker': 50 * gib, '/src/shop': 40 * gib }, status: 'ok' },
    { name: 'low', free: { '/var/lib/docker': 3 * gib, '/src/shop': 40 * gib }, status: 'warn' },
    { name: 'nearly full', free: { '/var/lib/docker': 50 * gib, '/src/shop': 0.5 * gib }, status: 'fail' },
    { name: 'unmeasurable', free: { '/src/shop': 40 * gib }, status: 'warn' },
  ])('$name -> $status', async ({ free, status }) => {
    expect((await checkDiskSpace(targets, probeOf(free))).status).toBe(status);
  });

  test('says what it measured and how to free space', async () => {
    expect(await checkDiskSpace(targets, probeOf({ '/var/lib/docker': 3 * gib, '/src/shop': 3 * gib })))
      .toMatchInlineSnapshot(`
      {
        "detail": "Docker data root /var/lib/docker: 3.0 GiB free of 100.0 GiB
      project folder /src/shop: 3.0 GiB free of 100.0 GiB, same disk as Docker data root",
        "fix": "keep at least 5.0 GiB free: remove unused images and build cache
      (\`docker image prune\`, \`docker builder prune\`) or free space on that disk.",
        "id": "disk",
        "status": "warn",
        "title": "Disk space",
      }
    `);
  });

  test.each([
    [512, '512 B'],
    [1536, '1.5 KiB'],
    [5 * gib, '5.0 GiB'],
  ])('formatBytes(%d) = %s', (bytes, text) => {
    expect(formatBytes(bytes)).toBe(text);
  });
});
