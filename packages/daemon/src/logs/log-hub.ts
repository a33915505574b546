// The log hub: the recent lines of every service in a ring buffer, each line with a
// per-project sequence number. Readers get a backlog (tail, or everything after a
// sequence number they saw) and then live lines through `subscribe`.

import type { LogLine } from '../protocol/messages.js';
import { parseTimeNs } from './log-time.js';
import { mergeBySeq } from './merge-by-seq.js';
import { RingBuffer } from './ring-buffer.js';

export type LogInput = Omit<LogLine, 'seq'>;

export interface LogsAfterResult {
  lines: LogLine[];
  /** Set when lines after `afterSeq` were already evicted: the reader missed fromSeq..toSeq. */
  skipped?: { fromSeq: number; toSeq: number };
}

interface ServiceBuffer {
  lines: RingBuffer<LogLine>;
  /** Highest sequence number evicted from this buffer (0 when none). */
  evictedThrough: number;
}

interface ProjectLogs {
  lastSeq: number;
  services: Map<string, ServiceBuffer>;
}

export type LogListener = (line: LogLine) => void;

const byService = (services: readonly string[] | undefined) => {
  const wanted = services !== undefined && services.length > 0 ? new Set(services) : undefined;
  return (serviceName: string) => wanted === undefined || wanted.has(serviceName);
};

/** Index of the first line with seq > afterSeq in a buffer kept in sequence order. */
const firstAfter = (lines: RingBuffer<LogLine>, afterSeq: number): number => {
  let low = 0;
  let high = lines.size;
  while (low < high) {
    const middle = (low + high) >> 1;
    if ((lines.at(middle) as LogLine).seq > afterSeq) high = middle;
    else low = middle + 1;
  }
  return low;
};

export class LogHub {
  private readonly projects = new Map<string, ProjectLogs>();
  private readonly listeners = new Set<LogListener>();

  constructor(private readonly capacityPerService = 5000) {}

  append(input: LogInput): LogLine {
    const project = this.projectLogs(input.projectName);
    project.lastSeq += 1;
    const line: LogLine = { ...input, seq: project.lastSeq };
    let buffer = project.services.get(input.serviceName);
    if (buffer === undefined) {
      buffer = { lines: new RingBuffer<LogLine>(this.capacityPerService), evictedThrough: 0 };
      project.services.set(input.serviceName, buffer);
    }
    const evicted = buffer.lines.push(line);
    if (evicted !== undefined) buffer.evictedThrough = evicted.seq;
    for (const listener of this.listeners) listener(line);
    return line;
  }

  subscribe(listener: LogListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  lastSeq(projectName: string): number {
    return this.projects.get(projectName)?.lastSeq ?? 0;
  }

  /** Every kept line with seq > afterSeq, in sequence order, and what was lost if anything. */
  linesAfter(projectName: string, afterSeq: number, services?: readonly string[]): LogsAfterResult {
    const project = this.projects.get(projectName);
    if (project === undefined) return { lines: [] };
    const wanted = byService(services);
    const lists: LogLine[][] = [];
    let lostThrough = 0;
    for (const [serviceName, buffer] of project.services) {
      if (!wanted(serviceName)) continue;
      if (buffer.evictedThrough > afterSeq) lostThrough = Math.max(lostThrough, buffer.evictedThrough);
      lists.push(buffer.lines.from(firstAfter(buffer.lines, afterSeq)));
    }
    const lines = mergeBySeq(lists);
    return lostThrough > 0 ? { lines, skipped: { fromSeq: afterSeq + 1, toSeq: lostThrough } } : { lines };
  }

  /** The newest `perService` lines of each service, merged in sequence order. */
  tail(projectName: string, perService: number, services?: readonly string[]): LogLine[] {
    const project = this.projects.get(projectName);
    if (project === undefined || perService <= 0) return [];
    const wanted = byService(services);
    const lists: LogLine[][] = [];
    for (const [serviceName, buffer] of project.services) {
      if (wanted(serviceName)) lists.push(buffer.lines.last(perService));
    }
    return mergeBySeq(lists);
  }

  /** Kept lines at or after an ISO time (for `--since`), in sequence order. */
  since(projectName: string, sinceIso: string, services?: readonly string[]): LogLine[] {
    const sinceNs = parseTimeNs(sinceIso) ?? 0n;
    return this.tail(projectName, Number.MAX_SAFE_INTEGER, services).filter(
      (line) => (parseTimeNs(line.time) ?? 0n) >= sinceNs,
    );
  }

  /** The last `count` texts of one service, oldest first. */
  lastTexts(projectName: string, serviceName: string, count: number): string[] {
    const buffer = this.projects.get(projectName)?.services.get(serviceName);
    return buffer === undefined ? [] : buffer.lines.last(count).map((line) => line.text);
  }

  projectNames(): string[] {
    return [...this.projects.keys()];
  }

  private projectLogs(projectName: string): ProjectLogs {
    let project = this.projects.get(projectName);
    if (project === undefined) {
      project = { lastSeq: 0, services: new Map() };
      this.projects.set(projectName, project);
    }
    return project;
  }
}
