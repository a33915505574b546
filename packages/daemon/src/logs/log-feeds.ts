// Turns the hub's new lines into what stream clients get. Lines are gathered for a tick
// (20 ms), then serialized once per distinct subscription (project and services) into
// units shared by every feed with that subscription. Opening a feed delivers its backlog
// first (a tail, or what came after the sequence numbers a client last saw), and after it
// only lines the backlog did not hold; the tick also reports which services got output.

import type { LogLine } from '../protocol/messages.js';
import type { LogHub } from './log-hub.js';
import { type LinesUnit, encodeUnits } from './lines-unit.js';

export interface FeedSpec {
  /** One project, or every project when absent. */
  projectName?: string;
  /** Only these services (all when absent or empty). */
  services?: readonly string[];
  /** Per project: the last sequence number the client saw; it gets the kept lines after it. */
  after?: Readonly<Record<string, number>>;
  /** Lines per service of backlog, for projects without `after`. */
  tail: number;
}

export type FeedEvent =
  { type: 'units'; units: LinesUnit[] } | { type: 'skipped'; projectName: string; fromSeq: number; toSeq: number };

/** Hands an event to the feeds with these ids. */
export type FeedEmit = (feedIds: readonly number[], event: FeedEvent) => void;

export interface ServiceRef {
  projectName: string;
  serviceName: string;
}

interface Feed {
  id: number;
  /** Per project: lines up to this sequence number were in the backlog or before it. */
  through: Map<string, number>;
}

interface FeedGroup {
  projectName?: string;
  services?: ReadonlySet<string>;
  feeds: Map<number, Feed>;
}

const groupKey = (spec: FeedSpec): string =>
  `${spec.projectName ?? ''}\u0000${[...new Set(spec.services ?? [])].sort().join(',')}`;

export class LogFeeds {
  private readonly groups = new Map<string, FeedGroup>();
  private readonly groupOf = new Map<number, string>();
  private pending = new Map<string, LogLine[]>();
  private arrived = new Map<string, ServiceRef>();
  private scheduled = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly hub: LogHub,
    private readonly emit: FeedEmit,
    private readonly onArrivals: (arrivals: ServiceRef[]) => void,
    private readonly tickMs: number,
  ) {
    hub.subscribe((line) => this.add(line));
  }

  open(feedId: number, spec: FeedSpec): void {
    // Lines already in the hub go out to the open feeds first: the backlog covers the rest.
    this.tick();
    const feed: Feed = { id: feedId, through: new Map() };
    const services = spec.services !== undefined && spec.services.length > 0 ? spec.services : undefined;
    for (const projectName of this.hub.projectNames()) {
      if (spec.projectName !== undefined && spec.projectName !== projectName) continue;
      const after = spec.after?.[projectName];
      let lines: LogLine[];
      if (after !== undefined) {
        const result = this.hub.linesAfter(projectName, after, services);
        if (result.skipped !== undefined) this.emit([feedId], { type: 'skipped', projectName, ...result.skipped });
        lines = result.lines;
      } else lines = this.hub.tail(projectName, spec.tail, services);
      if (lines.length > 0) this.emit([feedId], { type: 'units', units: encodeUnits(projectName, lines) });
      feed.through.set(projectName, Math.max(after ?? 0, this.hub.lastSeq(projectName)));
    }
    for (const [projectName, after] of Object.entries(spec.after ?? {}))
      if (!feed.through.has(projectName) && (spec.projectName === undefined || spec.projectName === projectName))
        feed.through.set(projectName, after);
    const key = groupKey(spec);
    let group = this.groups.get(key);
    if (group === undefined) {
      group = {
        ...(spec.projectName !== undefined ? { projectName: spec.projectName } : {}),
        ...(services !== undefined ? { services: new Set(services) } : {}),
        feeds: new Map(),
      };
      this.groups.set(key, group);
    }
    group.feeds.set(feedId, feed);
    this.groupOf.set(feedId, key);
  }

  close(feedId: number): void {
    const key = this.groupOf.get(feedId);
    if (key === undefined) return;
    this.groupOf.delete(feedId);
    const group = this.groups.get(key);
    group?.feeds.delete(feedId);
    if (group !== undefined && group.feeds.size === 0) this.groups.delete(key);
  }

  /** Stops the tick timer (lines still pending are dropped). */
  stop(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.scheduled = false;
  }

  private add(line: LogLine): void {
    let lines = this.pending.get(line.projectName);
    if (lines === undefined) {
      lines = [];
      this.pending.set(line.projectName, lines);
    }
    lines.push(line);
    const key = `${line.projectName}\u0000${line.serviceName}`;
    if (!this.arrived.has(key)) this.arrived.set(key, { projectName: line.projectName, serviceName: line.serviceName });
    if (this.scheduled) return;
    this.scheduled = true;
    this.timer = setTimeout(this.tick, this.tickMs);
  }

  /** Sends the lines gathered since the last tick to every feed that wants them. */
  readonly tick = (): void => {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    this.scheduled = false;
    const pending = this.pending;
    const arrived = this.arrived;
    if (pending.size === 0) return;
    this.pending = new Map();
    this.arrived = new Map();
    for (const group of this.groups.values()) {
      for (const [projectName, lines] of pending) {
        if (group.projectName !== undefined && group.projectName !== projectName) continue;
        const wanted = group.services;
        const selected = wanted === undefined ? lines : lines.filter((line) => wanted.has(line.serviceName));
        if (selected.length > 0) this.deliver(group, projectName, selected);
      }
    }
    this.onArrivals([...arrived.values()]);
  };

  private deliver(group: FeedGroup, projectName: string, lines: LogLine[]): void {
    const firstSeq = (lines[0] as LogLine).seq;
    const shared: number[] = [];
    for (const feed of group.feeds.values()) {
      const through = feed.through.get(projectName);
      if (through === undefined || through < firstSeq) {
        shared.push(feed.id);
        continue;
      }
      // Only a feed that resumed after sequence numbers the hub has not reached yet.
      const rest = lines.filter((line) => line.seq > through);
      if (rest.length > 0) this.emit([feed.id], { type: 'units', units: encodeUnits(projectName, rest) });
    }
    if (shared.length > 0) this.emit(shared, { type: 'units', units: encodeUnits(projectName, lines) });
  }
}
