// The CLI's version, from its package.json (read once, without importing anything heavy).

import { readFileSync } from 'node:fs';

let cached: string | undefined;

export const cliVersion = (): string => {
  if (cached !== undefined) return cached;
  try {
    cached =
      (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string })
        .version ?? '0.0.0';
  } catch {
    cached = '0.0.0';
  }
  return cached;
};
