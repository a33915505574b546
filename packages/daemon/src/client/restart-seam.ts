// Joining a container's log across a devd restart without a duplicate or a gap. A new
// daemon numbers its lines afresh and serves each container's recent output again, so
// the client lines up that backlog with the lines it already delivered: per container,
// the first served lines must match (stream, text, time within a tolerance: live lines
// carry the daemon's receive time, the backlog the engine's) a run of delivered lines
// that ends with the last one delivered. Matched lines are dropped; the first line after
// the match, or any line that breaks it, is new, and so is everything after it.

import type { LogLine } from '../protocol/messages.js';

interface Seen {
  key: string;
  timeMs: number;
}

interface Seam {
  /** The delivered lines of this container when the daemon changed. */
  delivered: Seen[];
  /** Start positions in `delivered` the served lines still match; undefined before the first line. */
  candidates?: number[];
  /** Served lines held while they match (duplicates if the match reaches the end). */
  held: LogLine[];
  /** When the last line was held. */
  heldSince: number;
}

const HISTORY = 2000;
/** How far a line's two timestamps (engine's, daemon's receive time) may be apart. */
const TOLERANCE_MS = 2000;

const sourceOf = (line: LogLine): string => `${line.projectName}\u0000${line.serviceName}\u0000${line.replica}`;
const keyOf = (line: LogLine): string => `${line.stream}\u0000${line.text}`;
const timeOf = (line: LogLine): number => {
  const time = Date.parse(line.time);
  return Number.isNaN(time) ? 0 : time;
};

export class RestartSeam {
  private readonly history = new Map<string, Seen[]>();
  private readonly seams = new Map<string, Seam>();

  /** Records a line handed to the caller. */
  delivered(line: LogLine): void {
    const source = sourceOf(line);
    let seen = this.history.get(source);
    if (seen === undefined) this.history.set(source, (seen = []));
    seen.push({ key: keyOf(line), timeMs: timeOf(line) });
    if (seen.length > HISTORY * 2) seen.splice(0, seen.length - HISTORY);
  }

  /** A different daemon answers: what it serves next is lined up with what was delivered. */
  begin(now: number): void {
    this.seams.clear();
    for (const [source, seen] of this.history)
      if (seen.length > 0) this.seams.set(source, { delivered: seen.slice(-HISTORY), held: [], heldSince: now });
  }

  /** Lines to hand to the caller now, in order (held ones included), for one served line. */
  admit(line: LogLine, now: number): LogLine[] {
    const source = sourceOf(line);
    const seam = this.seams.get(source);
    if (seam === undefined) return [line];
    const key = keyOf(line);
    const timeMs = timeOf(line);
    const matches = (position: number): boolean => {
      const seen = seam.delivered[position];
      return seen !== undefined && seen.key === key && Math.abs(seen.timeMs - timeMs) <= TOLERANCE_MS;
    };
    const step = seam.held.length;
    const candidates =
      seam.candidates === undefined
        ? seam.delivered.flatMap((_, position) => (matches(position) ? [position] : []))
        : seam.candidates.filter((start) => matches(start + step));
    if (candidates.length === 0) {
      const first = seam.delivered[0];
      const last = seam.delivered.at(-1);
      // Before any match: older than the first delivered line, or well before the last one,
      // it was shown before (or predates what this client asked for).
      if (
        seam.candidates === undefined &&
        first !== undefined &&
        last !== undefined &&
        (timeMs < first.timeMs || timeMs < last.timeMs - TOLERANCE_MS)
      )
        return [];
      this.seams.delete(source);
      return [...seam.held, line];
    }
    if (candidates.some((start) => start + step === seam.delivered.length - 1)) {
      // The served lines caught up with the last delivered one: all of them were repeats.
      this.seams.delete(source);
      return [];
    }
    seam.heldSince = now;
    seam.candidates = candidates;
    seam.held.push(line);
    return [];
  }

  /** Ends matches that got no line for `quietMs`: what they held matched delivered lines and is dropped. */
  settle(now: number, quietMs = 1000): void {
    for (const [source, seam] of this.seams)
      if (seam.held.length > 0 && now - seam.heldSince >= quietMs) this.seams.delete(source);
  }

  /** Whether some container's served lines are still being lined up. */
  get active(): boolean {
    return this.seams.size > 0;
  }
}
