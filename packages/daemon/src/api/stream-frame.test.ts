import { describe, expect, test } from 'vitest';
import type { LogLine, ServerMessage } from '../protocol/messages.js';
import { encodeUnit } from '../logs/lines-unit.js';
import { frameString, frameText, logFrame, logsFrame } from './stream-frame.js';

const line = (seq: number, text: string): LogLine => ({
  seq,
  projectName: 'shop',
  serviceName: 'web',
  replica: 1,
  stream: 'stderr',
  time: '2026-11-22T05:00:00.000000001Z',
  text,
});

describe('frameText', () => {
  test.each<ServerMessage>([
    { type: 'log', seq: 7, line: line(1, 'plain') },
    { type: 'logs', seq: 8, lines: [line(2, 'quote " and \\ backslash'), line(3, 'tab\tnewline\n\u0001 é 😀')] },
    { type: 'logs', seq: 9, lines: [] },
    { type: 'pong', seq: 10, id: 'x' },
    { type: 'logs-skipped', seq: 11, projectName: 'shop', fromSeq: 4, toSeq: 9 },
  ])('parses back to the message ($type)', (message) => {
    expect(JSON.parse(frameText(message))).toEqual(JSON.parse(JSON.stringify(message)));
  });

  test('a logs frame parses back to the message, and its head is shared by clients that get the same unit', () => {
    const lines = [line(20, 'a "quoted" é'), line(21, 'b')];
    const unit = encodeUnit('shop', lines);
    const first = logsFrame([unit], 3);
    const second = logsFrame([unit], 9);
    expect(JSON.parse(frameString(first))).toEqual({ type: 'logs', seq: 3, lines: JSON.parse(JSON.stringify(lines)) });
    expect(JSON.parse(frameString(second))).toMatchObject({ seq: 9 });
    expect(typeof first === 'string' || typeof second === 'string').toBe(false);
    expect((second as { head: Buffer }).head).toBe((first as { head: Buffer }).head);
  });

  test('a frame of several units holds their lines in order, and empty units add nothing', () => {
    const units = [
      encodeUnit('shop', [line(30, 'x')]),
      encodeUnit('shop', []),
      encodeUnit('shop', [line(31, 'y'), line(32, 'z')]),
    ];
    expect(JSON.parse(frameString(logsFrame(units, 5)))).toEqual({
      type: 'logs',
      seq: 5,
      lines: JSON.parse(JSON.stringify([line(30, 'x'), line(31, 'y'), line(32, 'z')])),
    });
  });

  test('a log frame holds one line of a unit, multi-byte texts included', () => {
    const lines = [line(40, 'é😀'), line(41, 'plain'), line(42, 'last "one"')];
    const unit = encodeUnit('shop', lines);
    lines.forEach((expected, index) =>
      expect(JSON.parse(frameString(logFrame(unit, index, 7 + index)))).toEqual({
        type: 'log',
        seq: 7 + index,
        line: JSON.parse(JSON.stringify(expected)),
      }),
    );
  });
});
