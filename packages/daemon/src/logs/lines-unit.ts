// A run of log lines of one project, serialized once for every stream client that gets
// them: the lines' JSON texts joined by commas, as UTF-8 bytes, with where each line
// starts. Units are what the log plane's feeds hand the stream clients: bytes and numbers
// only, built once per tick for every client with the same subscription.

import type { LogLine } from '../protocol/messages.js';

export interface LinesUnit {
  readonly projectName: string;
  readonly firstSeq: number;
  readonly lastSeq: number;
  /** Lines in the unit. */
  readonly count: number;
  /** The lines' JSON texts joined by commas (no brackets), UTF-8. */
  readonly json: Uint8Array;
  /** Byte offset of each line's JSON in `json`, and one past the end: count + 1 entries. */
  readonly starts: Uint32Array;
  /** What the unit costs a client's budget: its bytes plus a little per line. */
  readonly bytes: number;
}

/** Lines per unit at most: a frame holds up to 2,000 lines. */
export const UNIT_LINES = 1000;

/** Bytes a unit adds to a client's budget per line beyond its JSON. */
const LINE_OVERHEAD = 16;

/** Serializes lines (of one project, in sequence order) into one unit. */
export const encodeUnit = (projectName: string, lines: readonly LogLine[]): LinesUnit => {
  const texts = lines.map((line) => JSON.stringify(line));
  const starts = new Uint32Array(texts.length + 1);
  let offset = 0;
  for (let index = 0; index < texts.length; index += 1) {
    starts[index] = offset;
    offset += Buffer.byteLength(texts[index] as string, 'utf8') + 1;
  }
  starts[texts.length] = offset;
  // Written line by line: one joined string of a whole unit would be a large object the
  // young generation cannot take, left for a full collection.
  const json = Buffer.allocUnsafeSlow(Math.max(offset - 1, 0));
  for (let index = 0; index < texts.length; index += 1) {
    const start = starts[index] as number;
    json.write(texts[index] as string, start, 'utf8');
    if (index < texts.length - 1) json[(starts[index + 1] as number) - 1] = 0x2c;
  }
  return {
    projectName,
    firstSeq: lines[0]?.seq ?? 0,
    lastSeq: lines.at(-1)?.seq ?? 0,
    count: lines.length,
    json,
    starts,
    bytes: json.length + LINE_OVERHEAD * lines.length,
  };
};

/** Serializes lines into units of at most `perUnit` lines each. */
export const encodeUnits = (projectName: string, lines: readonly LogLine[], perUnit = UNIT_LINES): LinesUnit[] => {
  const units: LinesUnit[] = [];
  for (let start = 0; start < lines.length; start += perUnit)
    units.push(encodeUnit(projectName, lines.slice(start, start + perUnit)));
  return units;
};

/** The JSON bytes of one line of a unit. */
export const unitLineJson = (unit: LinesUnit, index: number): Uint8Array =>
  unit.json.subarray(unit.starts[index] as number, (unit.starts[index + 1] as number) - 1);

/** The unit's lines parsed back (tests, and readers that need objects). */
export const unitLines = (unit: LinesUnit): LogLine[] =>
  JSON.parse(
    `[${Buffer.from(unit.json.buffer, unit.json.byteOffset, unit.json.byteLength).toString('utf8')}]`,
  ) as LogLine[];
