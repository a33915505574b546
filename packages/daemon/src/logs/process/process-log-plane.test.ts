// ProcessLogPlane with real child processes: one that dies right after its start is
// started again with growing waits, not in a tight loop; reads fail at once while it is
// down; after close() nothing is started again.

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { expect, test } from 'vitest';
import { createMemoryLog } from '../../daemon-log.js';
import { eventually } from '../../engine/eventually.js';
import { ProcessLogPlane } from './process-log-plane.js';

const crashingEntry = (): URL => {
  const script = join(mkdtempSync(join(tmpdir(), 'devup-plane-')), 'crash.mjs');
  writeFileSync(script, 'process.exit(3);\n');
  return pathToFileURL(script);
};

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

test('a plane process that keeps dying at start is started again after waits that double', async () => {
  const records: Parameters<typeof createMemoryLog>[0] = [];
  const plane = new ProcessLogPlane(createMemoryLog(records), crashingEntry());
  const exits = () => records.filter((record) => record.msg === 'log plane process exited; starting it again');
  try {
    await eventually(() => expect(exits().length).toBeGreaterThanOrEqual(1), 5000);
    // Down: a read fails at once instead of waiting for an answer that cannot come.
    await expect(plane.read({ projectName: 'shop', tail: 1 })).rejects.toThrow(/not running/);
    await sleep(1600);
    const delays = exits().map((record) => record['restartInMs']);
    // Started again at 100, 300, 700, 1,500 ms: a handful of starts, where a tight loop makes dozens.
    expect(delays.length).toBeGreaterThanOrEqual(3);
    expect(delays.length).toBeLessThanOrEqual(6);
    expect(delays.slice(0, 4)).toEqual([100, 200, 400, 800].slice(0, Math.min(4, delays.length)));
    expect(exits()[0]).toMatchObject({ code: 3 });
  } finally {
    await plane.close();
  }
  const afterClose = exits().length;
  await sleep(700);
  expect(exits().length).toBe(afterClose);
});
