// The log plane: the log pumps, the hub and the feeds of stream clients, behind one
// interface. `LocalLogPlane` runs them in the calling thread; `ProcessLogPlane`
// (process/process-log-plane.ts) runs a LocalLogPlane in a process of its own, which also
// serves the stream clients, so the flood of lines never holds up the process that answers
// requests.

import type { Engine } from '../engine/engine.js';
import type { DaemonLog } from '../daemon-log.js';
import { type FeedEvent, type FeedSpec, LogFeeds, type ServiceRef } from './log-feeds.js';
import { LogHub } from './log-hub.js';
import { LogPumps, type PumpTarget } from './log-pump.js';
import { type LogRead, type LogReadResult, readLogs } from './read-logs.js';

/** How often new lines are handed to the stream clients: they reach them at most this much later. */
export const TICK_MS = 20;

/** Starting and stopping the per-container log pumps. */
export interface PumpControl {
  /** Starts a pump for the container unless one is running; resumes where it stopped. */
  ensure(target: PumpTarget): void;
  /** Forgets a removed container. */
  forget(containerId: string): void;
  forgetProject(projectName: string): void;
}

export interface LogPlane extends PumpControl {
  /** The last `count` texts of a service known in this process, oldest first. */
  lastTexts(projectName: string, serviceName: string, count: number): string[];
  /** Called after each tick with the services that got output in it. */
  onArrivals(listener: (arrivals: readonly ServiceRef[]) => void): void;
  read(request: LogRead): Promise<LogReadResult>;
  close(): Promise<void>;
}

/** The feeds of stream clients, where the lines are kept. */
export interface FeedSource {
  /** Delivers the backlog, then live lines, to `onEvent` until the returned function is called. */
  openFeed(spec: FeedSpec, onEvent: (event: FeedEvent) => void): () => void;
}

export interface LocalLogPlaneOptions {
  hub?: LogHub;
  /** Pumps follow containers through this engine; without one, lines come only through `hub.append`. */
  engine?: Engine;
  log?: DaemonLog;
  tickMs?: number;
}

export class LocalLogPlane implements LogPlane, FeedSource {
  readonly hub: LogHub;
  private readonly pumps: LogPumps | undefined;
  private readonly feeds: LogFeeds;
  private readonly feedListeners = new Map<number, (event: FeedEvent) => void>();
  private readonly arrivalListeners: ((arrivals: readonly ServiceRef[]) => void)[] = [];
  private nextFeedId = 0;

  constructor(options: LocalLogPlaneOptions = {}) {
    this.hub = options.hub ?? new LogHub();
    this.pumps =
      options.engine !== undefined && options.log !== undefined
        ? new LogPumps(options.engine, this.hub, options.log)
        : undefined;
    this.feeds = new LogFeeds(
      this.hub,
      (feedIds, event) => {
        for (const feedId of feedIds) this.feedListeners.get(feedId)?.(event);
      },
      (arrivals) => {
        for (const listener of this.arrivalListeners) listener(arrivals);
      },
      options.tickMs ?? TICK_MS,
    );
  }

  ensure(target: PumpTarget): void {
    this.pumps?.ensure(target);
  }

  forget(containerId: string): void {
    this.pumps?.forget(containerId);
  }

  forgetProject(projectName: string): void {
    this.pumps?.forgetProject(projectName);
  }

  lastTexts(projectName: string, serviceName: string, count: number): string[] {
    return this.hub.lastTexts(projectName, serviceName, count);
  }

  onArrivals(listener: (arrivals: readonly ServiceRef[]) => void): void {
    this.arrivalListeners.push(listener);
  }

  read(request: LogRead): Promise<LogReadResult> {
    return new Promise((resolve) => resolve(readLogs(this.hub, request)));
  }

  openFeed(spec: FeedSpec, onEvent: (event: FeedEvent) => void): () => void {
    this.nextFeedId += 1;
    const feedId = this.nextFeedId;
    this.feedListeners.set(feedId, onEvent);
    this.feeds.open(feedId, spec);
    return () => {
      this.feeds.close(feedId);
      this.feedListeners.delete(feedId);
    };
  }

  close(): Promise<void> {
    this.pumps?.close();
    this.feeds.stop();
    return Promise.resolve();
  }
}
