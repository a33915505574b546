// What `GET /v1/projects/:name/logs` answers: kept lines after a sequence number, since a
// time, or the last few per service, read from the hub in one go.

import type { LogLine } from '../protocol/messages.js';
import type { LogHub } from './log-hub.js';

export interface LogRead {
  projectName: string;
  services?: readonly string[];
  /** Lines per service: the newest this many (alone, or of what `after`/`since` select). */
  tail?: number;
  since?: string;
  after?: number;
}

export interface LogReadResult {
  projectName: string;
  lastSeq: number;
  lines: LogLine[];
  skipped?: { fromSeq: number; toSeq: number };
}

/** The last `count` lines of each service among `lines` (in sequence order), in sequence order. */
export const lastPerService = (lines: readonly LogLine[], count: number): LogLine[] => {
  const left = new Map<string, number>();
  const kept: LogLine[] = [];
  for (let index = lines.length - 1; index >= 0; index -= 1) {
    const line = lines[index] as LogLine;
    const remaining = left.get(line.serviceName) ?? count;
    if (remaining <= 0) continue;
    left.set(line.serviceName, remaining - 1);
    kept.push(line);
  }
  return kept.reverse();
};

export const readLogs = (hub: LogHub, request: LogRead): LogReadResult => {
  const { projectName, services } = request;
  let lines: LogLine[];
  let skipped: { fromSeq: number; toSeq: number } | undefined;
  if (request.after !== undefined) {
    const result = hub.linesAfter(projectName, request.after, services);
    lines = result.lines;
    skipped = result.skipped;
  } else if (request.since !== undefined) lines = hub.since(projectName, request.since, services);
  else lines = hub.tail(projectName, request.tail ?? Number.MAX_SAFE_INTEGER, services);
  if (request.tail !== undefined && (request.after !== undefined || request.since !== undefined))
    lines = lastPerService(lines, request.tail);
  return { projectName, lastSeq: hub.lastSeq(projectName), lines, ...(skipped !== undefined ? { skipped } : {}) };
};
