// A stable colour per service name for prefixed output (the same service always gets the
// same colour), and the `web-1  | ` prefix Compose prints.

const PALETTE = [36, 33, 32, 35, 34, 96, 93, 92, 95, 94];

/** FNV-1a over the name: the same service always gets the same colour, common names spread out. */
export const colorIndexOf = (serviceName: string): number => {
  let hash = 2166136261;
  for (const char of serviceName) hash = Math.imul(hash ^ (char.codePointAt(0) ?? 0), 16777619) >>> 0;
  return hash % PALETTE.length;
};

export const colorize = (text: string, serviceName: string, enabled: boolean): string =>
  enabled ? `\u001b[${PALETTE[colorIndexOf(serviceName)]}m${text}\u001b[0m` : text;

/** "web-1  | " padded to `width` characters before the bar. */
export const linePrefix = (serviceName: string, replica: number, width: number, color: boolean): string => {
  const label = `${serviceName}-${replica}`;
  return colorize(`${label.padEnd(width)} | `, serviceName, color);
};
