import { describe, expect, test } from 'vitest';
import type { LogLine, ServerMessage } from '../protocol/messages.js';
import { frameString, frameText, lineJson, logsFrame } from './stream-frame.js';

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

  test('a line is serialized once and its text shared', () => {
    const shared = line(5, 'once');
    expect(lineJson(shared)).toBe(lineJson(shared));
    expect(frameText({ type: 'logs', seq: 1, lines: [shared] })).toContain(lineJson(shared));
  });

  test('a logs frame parses back to the message, and its lines part is shared by clients that get the same lines', () => {
    const lines = [line(20, 'a "quoted" é'), line(21, 'b')];
    const first = logsFrame(lines, 3);
    const second = logsFrame([...lines], 9);
    expect(JSON.parse(frameString(first))).toEqual({ type: 'logs', seq: 3, lines: JSON.parse(JSON.stringify(lines)) });
    expect(JSON.parse(frameString(second))).toMatchObject({ seq: 9 });
    expect(second.head).toBe(first.head);
    // Other lines with the same first and last line and count are another frame.
    const other = logsFrame([lines[0] as LogLine, line(22, 'c'), lines[1] as LogLine].slice(0, 2), 4);
    expect(other.head).not.toBe(first.head);
    expect(JSON.parse(frameString(other)).lines.map((entry: LogLine) => entry.text)).toEqual(['a "quoted" é', 'c']);
  });
});
