// The text of one stream frame. A `logs` frame is built once for all the clients that
// get the same lines (as every client following the same project does): a shared UTF-8
// head holding the lines and a per-client tail holding the client's own sequence number;
// the two go out as two fragments of one websocket message, so a line is serialized once
// however many clients it goes to, and nothing is kept per line. Parsing a frame gives
// the same value as JSON.stringify of the message would.

import type { LogLine, ServerMessage } from '../protocol/messages.js';

export const frameText = (message: ServerMessage): string => JSON.stringify(message);

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

/**
 * The lines one client was given in one turn, serialized (without brackets). Every client
 * following the same project gets the same lines in a turn, so the unit is built once and
 * shared; a client that is behind gets several units in one frame.
 */
export interface LinesUnit {
  readonly lines: readonly LogLine[];
  readonly json: string;
  /** The frame head when this unit is a frame's only one, built on first use. */
  head?: Buffer;
}

/** Units of the last few turns: the clients of one turn get the same lines. */
const RECENT_UNITS = 4;
const recentUnits: LinesUnit[] = [];

const sameLines = (a: readonly LogLine[], b: readonly LogLine[]): boolean => {
  if (a.length !== b.length || a[0] !== b[0] || a.at(-1) !== b.at(-1)) return false;
  for (let index = 1; index < a.length - 1; index += 1) if (a[index] !== b[index]) return false;
  return true;
};

/** The unit of these lines (which must not change afterwards), shared with other clients that got the same. */
export const linesUnit = (lines: readonly LogLine[]): LinesUnit => {
  let unit = recentUnits.find((candidate) => sameLines(candidate.lines, lines));
  if (unit === undefined) {
    unit = { lines, json: JSON.stringify(lines).slice(1, -1) };
    recentUnits.unshift(unit);
    if (recentUnits.length > RECENT_UNITS) recentUnits.pop();
  }
  return unit;
};

/** The frame of a `logs` message made of these units, with sequence number `seq`. */
export const logsFrame = (units: readonly LinesUnit[], seq: number): FrameData => {
  if (units.length === 1) {
    const unit = units[0] as LinesUnit;
    unit.head ??= Buffer.from(`{"type":"logs","lines":[${unit.json}],"seq":`, 'utf8');
    return { head: unit.head, tail: `${seq}}` };
  }
  return `{"type":"logs","lines":[${units.map((unit) => unit.json).join(',')}],"seq":${seq}}`;
};
