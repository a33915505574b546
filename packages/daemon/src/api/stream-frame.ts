// The text of one stream frame. Log lines come as units (logs/lines-unit.ts) serialized
// once for every client that gets them. A `logs` frame is a head holding the lines,
// shared by the clients that get the same units, and a per-client tail holding the
// client's own sequence number; the two go out as two fragments of one websocket message.
// Parsing a frame gives the same value as JSON.stringify of the message would.

import { type LinesUnit, unitLineJson } from '../logs/lines-unit.js';
import type { ServerMessage } from '../protocol/messages.js';

export const frameText = (message: ServerMessage): string => JSON.stringify(message);

/** A frame in two parts: the shared head, then this client's part. */
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

const LOGS_HEAD = Buffer.from('{"type":"logs","lines":[', 'utf8');
const LOG_HEAD = Buffer.from('{"type":"log","line":', 'utf8');
const COMMA = Buffer.from(',', 'utf8');

/** The head of a frame holding one unit, built once however many clients get it. */
const singleHeads = new WeakMap<LinesUnit, Buffer>();

/** The frame of a `logs` message made of these units, with sequence number `seq`. */
export const logsFrame = (units: readonly LinesUnit[], seq: number): FrameData => {
  const tail = `],"seq":${seq}}`;
  const filled = units.filter((unit) => unit.count > 0);
  if (filled.length === 1) {
    const unit = filled[0] as LinesUnit;
    let head = singleHeads.get(unit);
    if (head === undefined) {
      head = Buffer.concat([LOGS_HEAD, unit.json]);
      singleHeads.set(unit, head);
    }
    return { head, tail };
  }
  const parts: Uint8Array[] = [LOGS_HEAD];
  filled.forEach((unit, index) => {
    if (index > 0) parts.push(COMMA);
    parts.push(unit.json);
  });
  return { head: Buffer.concat(parts), tail };
};

/** The frame of a `log` message holding line `index` of a unit. */
export const logFrame = (unit: LinesUnit, index: number, seq: number): FrameData => ({
  head: Buffer.concat([LOG_HEAD, unitLineJson(unit, index)]),
  tail: `,"seq":${seq}}`,
});
