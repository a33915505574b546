// lstat that answers undefined for a path that cannot be read (gone, not permitted),
// for callers to whom that just means "not there".

import { lstatSync, type Stats } from 'node:fs';
import { lstat } from 'node:fs/promises';

export function lstatSyncOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

export async function lstatOrUndefined(path: string): Promise<Stats | undefined> {
  try {
    return await lstat(path);
  } catch {
    return undefined;
  }
}
