// One container output line as `dev logs` prints it: "web-1  | text", coloured by service
// on a terminal, with the engine's timestamp when asked.

import type { LogLine } from '@devup/daemon/protocol';
import { linePrefix } from './service-colors.js';

export interface LogLineFormat {
  color: boolean;
  timestamps: boolean;
  /** Width of the "service-N" label column. */
  width: number;
  /** Without the "service-N |" label (`--no-log-prefix`); default with. */
  prefix?: boolean;
}

export const formatLogLine = (line: LogLine, format: LogLineFormat): string =>
  `${format.prefix === false ? '' : linePrefix(line.serviceName, line.replica, format.width, format.color)}${format.timestamps ? `${line.time} ` : ''}${line.text}`;

export const labelWidth = (serviceNames: readonly string[], replicas = 1): number =>
  Math.max(0, ...serviceNames.map((name) => `${name}-${replicas}`.length));

/** --since: an RFC 3339 time, unix seconds, or a duration ago ("10m", "1h30m", "45s"). */
export const parseSince = (value: string, now: Date): string | undefined => {
  if (/^\d+(\.\d+)?$/.test(value)) return new Date(Number(value) * 1000).toISOString();
  const duration = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+)s)?$/.exec(value);
  if (duration !== null && value !== '') {
    const [, hours = '0', minutes = '0', seconds = '0'] = duration;
    const milliseconds = ((Number(hours) * 60 + Number(minutes)) * 60 + Number(seconds)) * 1000;
    return new Date(now.getTime() - milliseconds).toISOString();
  }
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : new Date(parsed).toISOString();
};
