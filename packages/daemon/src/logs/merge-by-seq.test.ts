import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { mergeBySeq } from './merge-by-seq.js';
import { RingBuffer } from './ring-buffer.js';

const lists = (seqs: number[][]) => seqs.map((list) => list.map((seq) => ({ seq })));

describe('mergeBySeq', () => {
  test.each([
    { input: [], merged: [] },
    { input: [[], []], merged: [] },
    { input: [[1, 4, 9]], merged: [1, 4, 9] },
    { input: [[1, 4], [2, 3], [5], [0, 6]], merged: [0, 1, 2, 3, 4, 5, 6] },
  ])('$input', ({ input, merged }) => {
    expect(mergeBySeq(lists(input)).map((item) => item.seq)).toEqual(merged);
  });

  test('equals sorting the lists together', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.nat(10_000)), { maxLength: 60 }), (raw) => {
        const sorted = raw.map((list) => [...list].sort((a, b) => a - b));
        expect(mergeBySeq(lists(sorted)).map((item) => item.seq)).toEqual(sorted.flat().sort((a, b) => a - b));
      }),
    );
  });
});

describe('RingBuffer positions', () => {
  test('at and from count from the oldest kept item after wrapping', () => {
    const buffer = new RingBuffer<number>(3);
    for (const item of [1, 2, 3, 4, 5]) buffer.push(item);
    expect([buffer.at(0), buffer.at(2), buffer.at(3)]).toEqual([3, 5, undefined]);
    expect(buffer.from(1)).toEqual([4, 5]);
    expect(buffer.last(2)).toEqual([4, 5]);
    expect(buffer.last(9)).toEqual([3, 4, 5]);
  });
});
