// The text of one stream frame. A log line is serialized once, however many clients it
// goes to: its JSON is kept for the most recently serialized lines (two generations of
// GENERATION lines each, so the memory stays bounded whatever the hub holds) and frames
// of log lines are joined from those texts. A `logs` frame is built once for all the
// clients that get the same lines (as every client following the same project does), as
// a shared UTF-8 head and a per-client tail holding the client's own sequence number;
// the two go out as two fragments of one websocket message. Parsing a frame gives the
// same value as JSON.stringify of the message would.

import type { LogLine, ServerMessage } from '../protocol/messages.js';

const GENERATION = 50_000;
let current = new WeakMap<LogLine, string>();
let previous = new WeakMap<LogLine, string>();
let currentSize = 0;

/** The JSON of a log line, computed on first use and shared while it is recent. */
export const lineJson = (line: LogLine): string => {
  let text = current.get(line) ?? previous.get(line);
  if (text === undefined) {
    text = JSON.stringify(line);
    if (currentSize >= GENERATION) {
      previous = current;
      current = new WeakMap();
      currentSize = 0;
    }
    current.set(line, text);
    currentSize += 1;
  }
  return text;
};

export const frameText = (message: ServerMessage): string => {
  if (message.type === 'log') return `{"type":"log","line":${lineJson(message.line)},"seq":${message.seq}}`;
  if (message.type !== 'logs') return JSON.stringify(message);
  let lines = '';
  for (const line of message.lines) lines += lines === '' ? lineJson(line) : `,${lineJson(line)}`;
  return `{"type":"logs","lines":[${lines}],"seq":${message.seq}}`;
};

/** A `logs` frame in two parts: the lines, shared by every client they go to, then this client's seq. */
export interface SharedFrame {
  head: Buffer;
  tail: string;
}

export type FrameData = string | SharedFrame;

/** Bytes (or UTF-16 units, for a string) a frame puts on the wire, for in-flight accounting. */
export const frameSize = (frame: FrameData): number =>
  typeof frame === 'string' ? frame.length : frame.head.length + frame.tail.length;

/** The frame as one string (tests, and sinks that cannot send fragments). */
export const frameString = (frame: FrameData): string =>
  typeof frame === 'string' ? frame : frame.head.toString('utf8') + frame.tail;

interface BuiltHead {
  lines: LogLine[];
  head: Buffer;
}

/** Heads of the last few `logs` frames built: the clients of one turn get the same lines. */
const RECENT_HEADS = 4;
const recentHeads: BuiltHead[] = [];

const sameLines = (a: readonly LogLine[], b: readonly LogLine[]): boolean => {
  if (a.length !== b.length) return false;
  for (let index = 0; index < a.length; index += 1) if (a[index] !== b[index]) return false;
  return true;
};

/** The frame of a `logs` message with sequence number `seq`, its lines part shared. */
export const logsFrame = (lines: readonly LogLine[], seq: number): SharedFrame => {
  let built = recentHeads.find((candidate) => sameLines(candidate.lines, lines));
  if (built === undefined) {
    let joined = '';
    for (const line of lines) joined += joined === '' ? lineJson(line) : `,${lineJson(line)}`;
    built = { lines: [...lines], head: Buffer.from(`{"type":"logs","lines":[${joined}],"seq":`, 'utf8') };
    recentHeads.unshift(built);
    if (recentHeads.length > RECENT_HEADS) recentHeads.pop();
  }
  return { head: built.head, tail: `${seq}}` };
};
