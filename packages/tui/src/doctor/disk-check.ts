// Check: enough free disk for Docker's data root (images, containers, volumes) and the project.
import type { CheckResult } from './check-result.js';
import { worstStatus } from './check-result.js';
import type { DiskProbe } from './disk-probe.js';

export interface DiskTarget {
  /** What lives there, e.g. "Docker data root". */
  label: string;
  path: string;
}

export interface DiskThresholds {
  /** Below this many free bytes: fail. */
  failBelowBytes: number;
  /** Below this many free bytes: warn. */
  warnBelowBytes: number;
}

const gibibyte = 1024 ** 3;

export const defaultDiskThresholds: DiskThresholds = { failBelowBytes: 1 * gibibyte, warnBelowBytes: 5 * gibibyte };

export const formatBytes = (bytes: number): string => {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
};

export const checkDiskSpace = async (
  targets: readonly DiskTarget[],
  probe: DiskProbe,
  thresholds: DiskThresholds = defaultDiskThresholds,
): Promise<CheckResult> => {
  const lines: string[] = [];
  const statuses: CheckResult['status'][] = [];
  const seenFileSystems = new Map<string, string>();
  for (const target of targets) {
    try {
      const space = await probe(target.path);
      const status =
        space.freeBytes < thresholds.failBelowBytes
          ? 'fail'
          : space.freeBytes < thresholds.warnBelowBytes
            ? 'warn'
            : 'ok';
      statuses.push(status);
      const where =
        space.measuredPath === target.path ? target.path : `${target.path} (measured at ${space.measuredPath})`;
      const fileSystemKey = `${space.totalBytes}:${space.freeBytes}`;
      const sharedWith = seenFileSystems.get(fileSystemKey);
      seenFileSystems.set(fileSystemKey, target.label);
      const share = sharedWith === undefined ? '' : `, same disk as ${sharedWith}`;
      lines.push(
        `${target.label} ${where}: ${formatBytes(space.freeBytes)} free of ${formatBytes(space.totalBytes)}${share}`,
      );
    } catch (error) {
      statuses.push('warn');
      lines.push(`${target.label} ${target.path}: could not measure (${(error as Error).message})`);
    }
  }
  const status = worstStatus(statuses);
  const result: CheckResult = { id: 'disk', title: 'Disk space', status, detail: lines.join('\n') };
  if (status === 'ok') return result;
  return {
    ...result,
    fix: [
      `keep at least ${formatBytes(thresholds.warnBelowBytes)} free: remove unused images and build cache`,
      '(`docker image prune`, `docker builder prune`) or free space on that disk.',
    ].join('\n'),
  };
};
