// Engine timestamps are RFC 3339 with up to nine fractional digits, trailing zeros
// trimmed ("2026-01-02T03:04:05.12Z"), so they do not compare as strings. These helpers
// turn them into nanoseconds since the epoch.

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/;

/** The last time parsed: the lines of one read share their receive time. */
let lastIso = '';
let lastNs: bigint | undefined;

/** Nanoseconds since the epoch, or undefined when `iso` is not an RFC 3339 time. */
export const parseTimeNs = (iso: string): bigint | undefined => {
  if (iso === lastIso) return lastNs;
  lastIso = iso;
  lastNs = parseUncached(iso);
  return lastNs;
};

const parseUncached = (iso: string): bigint | undefined => {
  const match = RFC3339.exec(iso);
  if (match === null) return undefined;
  const [, wholeSeconds = '', fraction = '', zone = 'Z'] = match;
  const millis = Date.parse(`${wholeSeconds}${zone}`);
  if (Number.isNaN(millis)) return undefined;
  return BigInt(millis) * 1_000_000n + BigInt(fraction.padEnd(9, '0'));
};

/** Seconds (fractional, microsecond precision) for the engine's `since` parameter. */
export const nsToSinceSeconds = (ns: bigint): number => Number(ns / 1000n) / 1_000_000;
