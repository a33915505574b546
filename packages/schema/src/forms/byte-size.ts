// Memory sizes as Compose (go-units RAMInBytes) reads them: "512m", "1.5G", "2gb", 1024.

const multipliers: Record<string, number> = {
  '': 1,
  b: 1,
  k: 1024,
  m: 1024 ** 2,
  g: 1024 ** 3,
  t: 1024 ** 4,
  p: 1024 ** 5,
};

export const parseByteSize = (value: string | number): number | undefined => {
  if (typeof value === 'number') return value;
  const match =
    /^\s*(\d+(?:\.\d+)?)\s*([kmgtp]?)(?:b|ib)?\s*$/i.exec(value) ?? /^\s*(\d+(?:\.\d+)?)\s*(b?)\s*$/i.exec(value);
  if (match === null) return undefined;
  const multiplier = multipliers[(match[2] ?? '').toLowerCase()];
  return multiplier === undefined ? undefined : Math.floor(Number(match[1]) * multiplier);
};
