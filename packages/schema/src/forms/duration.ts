// Durations as Compose reads them ("1m30s", "1.5s", "500ms", "2h") and prints them (Go's
// time.Duration.String(): "1m30s", "1h0m0s", "1.5s", "500ms").

const unitNanoseconds: Record<string, number> = {
  ns: 1,
  us: 1e3,
  µs: 1e3,
  μs: 1e3,
  ms: 1e6,
  s: 1e9,
  m: 60e9,
  h: 3600e9,
};

/** Nanoseconds of a duration string, or undefined when it is not one. */
export const parseDuration = (text: string): number | undefined => {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const pattern = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|μs|ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  let match: RegExpExecArray | null;
  while ((match = pattern.exec(trimmed)) !== null) {
    total += Number(match[1]) * (unitNanoseconds[match[2] ?? ''] ?? 0);
    matched = pattern.lastIndex;
  }
  if (matched === 0 || matched !== trimmed.length) return undefined;
  return Math.round(total);
};

const trimFraction = (value: number, digits: number): string => value.toFixed(digits).replace(/\.?0+$/, '');

/** Go's time.Duration.String() for a count of nanoseconds. */
export const formatDuration = (nanoseconds: number): string => {
  if (nanoseconds === 0) return '0s';
  const sign = nanoseconds < 0 ? '-' : '';
  const value = Math.abs(nanoseconds);
  if (value < 1e3) return `${sign}${value}ns`;
  if (value < 1e6) return `${sign}${trimFraction(value / 1e3, 3)}µs`;
  if (value < 1e9) return `${sign}${trimFraction(value / 1e6, 6)}ms`;
  const hours = Math.floor(value / 3600e9);
  const minutes = Math.floor((value % 3600e9) / 60e9);
  const seconds = trimFraction((value % 60e9) / 1e9, 9);
  if (hours > 0) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
};

/** A duration as Compose prints it, or undefined when the text is not a duration. */
export const normalizeDuration = (value: string | number): string | undefined => {
  if (typeof value === 'number') return formatDuration(value * 1e9);
  const nanoseconds = parseDuration(value);
  return nanoseconds === undefined ? undefined : formatDuration(nanoseconds);
};
