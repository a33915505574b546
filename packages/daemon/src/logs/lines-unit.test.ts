import { expect, test } from 'vitest';
import type { LogLine } from '../protocol/messages.js';
import { encodeUnit, encodeUnits, unitLineJson, unitLines } from './lines-unit.js';

const line = (seq: number, text: string): LogLine => ({
  seq,
  projectName: 'shop',
  serviceName: 'web',
  replica: 1,
  stream: 'stdout',
  time: '2026-11-22T05:00:00.000000001Z',
  text,
});

test('a unit holds the lines as comma-joined JSON, each line found by its start', () => {
  const lines = [line(3, 'plain'), line(5, 'é 😀 "quoted" \\ tab\t'), line(9, '')];
  const unit = encodeUnit('shop', lines);
  expect(unit).toMatchObject({ projectName: 'shop', firstSeq: 3, lastSeq: 9, count: 3 });
  expect(Buffer.from(unit.json).toString('utf8')).toBe(lines.map((entry) => JSON.stringify(entry)).join(','));
  expect(unitLines(unit)).toEqual(lines);
  lines.forEach((entry, index) =>
    expect(JSON.parse(Buffer.from(unitLineJson(unit, index)).toString('utf8'))).toEqual(entry),
  );
  expect(unit.bytes).toBeGreaterThan(unit.json.length);
});

test('an empty unit has no bytes; long runs split into units of the given size', () => {
  expect(encodeUnit('shop', []).json.length).toBe(0);
  const lines = Array.from({ length: 7 }, (_, index) => line(index + 1, `n=${index + 1}`));
  const units = encodeUnits('shop', lines, 3);
  expect(units.map((unit) => [unit.firstSeq, unit.lastSeq, unit.count])).toEqual([
    [1, 3, 3],
    [4, 6, 3],
    [7, 7, 1],
  ]);
  expect(units.flatMap(unitLines)).toEqual(lines);
});
