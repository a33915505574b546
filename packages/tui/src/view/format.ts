// Short, fixed-width renderings of durations, sizes, percentages, ports and watch states.

import type { PublishedPort, WatchState } from '@devup/daemon/protocol';

/** "42s", "3m07s", "2h05m", "3d04h", "12d": at most five characters. */
export function formatUptime(milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m${pad2(seconds % 60)}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h${pad2(minutes % 60)}m`;
  const days = Math.floor(hours / 24);
  return days < 10 ? `${days}d${pad2(hours % 24)}h` : `${days}d`;
}

function pad2(value: number): string {
  return value.toString().padStart(2, '0');
}

/** "512K", "12M", "1.5G". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'K', 'M', 'G', 'T'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = value < 10 && unit > 0 ? value.toFixed(1) : Math.round(value).toString();
  return `${digits}${units[unit]}`;
}

/** "0.4%", "12%", "250%". */
export function formatPercent(percent: number): string {
  return percent < 10 ? `${percent.toFixed(1)}%` : `${Math.round(percent)}%`;
}

/** A URL for tcp ports with one, else "hostIp:hostPort/protocol". */
export function formatPort(port: PublishedPort): string {
  if (port.url !== undefined) return port.url;
  const host = port.hostIp === '' || port.hostIp === '0.0.0.0' ? '' : `${port.hostIp}:`;
  return `${host}${port.hostPort}/${port.protocol}`;
}

export function formatWatch(watch: WatchState): string {
  switch (watch.kind) {
    case 'off':
      return '-';
    case 'watching':
      return 'watching';
    case 'syncing':
      return `sync ${watch.files}`;
    case 'in-sync':
      return 'in sync';
    case 'rebuilding':
      return 'rebuild';
    case 'failed':
      return 'failed';
  }
}

/** Pads or cuts text to exactly `width` columns (cut text ends with an ellipsis). */
export function fitText(text: string, width: number): string {
  if (width <= 0) return '';
  if (text.length <= width) return text.padEnd(width);
  if (width === 1) return '…';
  return `${text.slice(0, width - 1)}…`;
}
