// Go duration strings ("1m30s", "500ms", "1h") as Compose prints them, to nanoseconds.

const unitNs: Record<string, number> = { ns: 1, us: 1e3, µs: 1e3, ms: 1e6, s: 1e9, m: 60e9, h: 3600e9 };

export class DurationError extends Error {
  override readonly name = 'DurationError';
}

export const parseGoDurationNs = (text: string): number => {
  const trimmed = text.trim();
  if (trimmed === '0') return 0;
  const pattern = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/gy;
  let total = 0;
  let consumed = 0;
  for (let match = pattern.exec(trimmed); match; match = pattern.exec(trimmed)) {
    total += Number(match[1]) * (unitNs[match[2] ?? 's'] ?? 0);
    consumed = pattern.lastIndex;
  }
  if (consumed !== trimmed.length || trimmed === '')
    throw new DurationError(`not a duration: "${text}" (expected e.g. "30s", "1m30s", "500ms")`);
  return Math.round(total);
};

export const parseGoDurationSeconds = (text: string): number => Math.ceil(parseGoDurationNs(text) / 1e9);
