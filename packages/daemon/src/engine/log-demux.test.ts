import { describe, expect, test } from 'vitest';
import type { LogChunk } from './engine.js';
import { FrameDemuxer, LineSplitter } from './log-demux.js';

const frame = (type: number, text: string): Buffer => {
  const payload = Buffer.from(text);
  const header = Buffer.alloc(8);
  header[0] = type;
  header.writeUInt32BE(payload.length, 4);
  return Buffer.concat([header, payload]);
};

describe('log demultiplexing', () => {
  test('frames split across reads become whole timestamped lines per stream', () => {
    const chunks: LogChunk[] = [];
    const splitter = new LineSplitter({ timestamps: true, now: () => 'NOW' }, (chunk) => chunks.push(chunk));
    const demuxer = new FrameDemuxer((stream, payload) => splitter.push(stream, payload));
    const bytes = Buffer.concat([
      frame(1, '2026-01-01T00:00:00.000000001Z hel'),
      frame(2, '2026-01-01T00:00:00.000000002Z oops\n'),
      frame(1, 'lo\n2026-01-01T00:00:00.000000003Z wörld\n'),
    ]);
    for (let offset = 0; offset < bytes.length; offset += 5) demuxer.push(bytes.subarray(offset, offset + 5));
    splitter.flush();
    expect(chunks).toEqual([
      { stream: 'stderr', time: '2026-01-01T00:00:00.000000002Z', text: 'oops\n' },
      { stream: 'stdout', time: '2026-01-01T00:00:00.000000001Z', text: 'hello\n' },
      { stream: 'stdout', time: '2026-01-01T00:00:00.000000003Z', text: 'wörld\n' },
    ]);
  });

  test.each([
    ['no trailing newline', ['abc'], [['abc', 'NOW']]],
    [
      'two lines in one read',
      ['a\nb\n'],
      [
        ['a\n', 'NOW'],
        ['b\n', 'NOW'],
      ],
    ],
    [
      'TTY line endings',
      ['a\r\nb', '\r\n'],
      [
        ['a\n', 'NOW'],
        ['b\n', 'NOW'],
      ],
    ],
  ])('untimestamped output: %s', (_name, reads, expected) => {
    const chunks: LogChunk[] = [];
    const splitter = new LineSplitter({ timestamps: false, now: () => 'NOW' }, (chunk) => chunks.push(chunk));
    for (const read of reads) splitter.push('stdout', Buffer.from(read));
    splitter.flush();
    expect(chunks.map((chunk) => [chunk.text, chunk.time])).toEqual(expected);
  });
});
