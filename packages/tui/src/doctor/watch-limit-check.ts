// Check: the OS file-watch limit covers the folders devup will watch (one watch per folder).
import type { CheckResult } from './check-result.js';
import type { InotifyLimits } from './inotify-probe.js';
import type { WatchTreeCount } from './watch-tree-count.js';

export interface WatchLimitInput {
  /** Undefined when the limits could not be read (not Linux, or no /proc). */
  limits: InotifyLimits | undefined;
  count: WatchTreeCount;
  /** Number of watch rules in the project. */
  rules: number;
  platform: NodeJS.Platform;
}

const recommendedWatches = 524_288;

const suggestedLimit = (needed: number): number => {
  let value = recommendedWatches;
  while (value < needed * 2) value *= 2;
  return value;
};

const raiseWatchesFix = (needed: number): string => {
  const value = suggestedLimit(needed);
  return [
    `raise the limit now: \`sudo sysctl fs.inotify.max_user_watches=${value}\``,
    `and keep it across reboots: \`echo fs.inotify.max_user_watches=${value} | sudo tee /etc/sysctl.d/60-devup-inotify.conf\``,
    'then `sudo sysctl --system`.',
  ].join('\n');
};

export const checkWatchLimit = (input: WatchLimitInput): CheckResult => {
  const base = { id: 'watch-limit', title: 'File-watch limit' };
  const { limits, count, rules } = input;
  const folders = `${count.truncated ? 'at least ' : ''}${count.folders} folder${count.folders === 1 ? '' : 's'}`;
  const missing = count.missing.length === 0 ? '' : `\nwatched paths that do not exist: ${count.missing.join(', ')}`;
  if (rules === 0) return { ...base, status: 'ok', detail: 'no watch rules in this project' };
  if (limits === undefined) {
    if (input.platform !== 'linux') {
      return {
        ...base,
        status: 'ok',
        detail: `${rules} watch rule(s) over ${folders}; ${input.platform} has no inotify limit${missing}`,
      };
    }
    return {
      ...base,
      status: 'warn',
      detail: `${rules} watch rule(s) over ${folders}; could not read fs.inotify.max_user_watches${missing}`,
      fix: 'check the limit with `sysctl fs.inotify.max_user_watches`.',
    };
  }
  const limitText = `fs.inotify.max_user_watches=${limits.maxUserWatches}`;
  const inUse = limits.watchesInUse;
  const inUseText = inUse === undefined ? '' : `, ${inUse} already in use`;
  const detail = `${rules} watch rule(s) over ${folders} need ${count.folders} watches; ${limitText}${inUseText}${missing}`;
  if (count.folders > limits.maxUserWatches) {
    return { ...base, status: 'fail', detail, fix: raiseWatchesFix(count.folders) };
  }
  if (inUse !== undefined && count.folders + inUse > limits.maxUserWatches) {
    return {
      ...base,
      status: 'warn',
      detail: `${detail}; not enough left for all of them`,
      fix: `${raiseWatchesFix(count.folders + inUse)}\n(or close other programs that watch many files, such as editors' file watchers)`,
    };
  }
  const maxInstances = limits.maxUserInstances;
  const instancesInUse = limits.instancesInUse;
  if (maxInstances !== undefined && instancesInUse !== undefined && instancesInUse >= maxInstances) {
    return {
      ...base,
      status: 'warn',
      detail: `${detail}; all ${maxInstances} inotify instances (fs.inotify.max_user_instances) are in use`,
      fix: [
        `raise the limit: \`sudo sysctl fs.inotify.max_user_instances=${Math.max(512, maxInstances * 2)}\``,
        'and add the same line to /etc/sysctl.d/60-devup-inotify.conf to keep it.',
      ].join('\n'),
    };
  }
  return { ...base, status: 'ok', detail };
};
