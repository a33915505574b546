// Counts the inotify watches a process holds, from /proc/<pid>/fdinfo.
import { readdirSync, readFileSync } from 'node:fs';

export function countInotifyWatches(pid: number | 'self' = 'self'): number {
  let count = 0;
  for (const fd of readdirSync(`/proc/${pid}/fdinfo`)) {
    try {
      const info = readFileSync(`/proc/${pid}/fdinfo/${fd}`, 'utf8');
      for (const line of info.split('\n')) if (line.startsWith('inotify wd:')) count += 1;
    } catch {
      // fd closed meanwhile
    }
  }
  return count;
}
