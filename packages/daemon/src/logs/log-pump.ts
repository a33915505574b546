// One pump per container: reads the backlog and then follows the container's output
// through the engine's logs endpoint into the log hub. A pump remembers the last engine
// timestamp it delivered (and the texts seen at exactly that instant), so resuming after
// an engine or daemon restart asks for output since then and drops the boundary lines
// it already has: no duplicate and no gap.

import type { Engine, LogChunk } from '../engine/engine.js';
import type { DaemonLog } from '../daemon-log.js';
import type { LogHub } from './log-hub.js';
import { nsToSinceSeconds, parseTimeNs } from './log-time.js';

export interface PumpTarget {
  containerId: string;
  projectName: string;
  serviceName: string;
  replica: number;
}

/** How far before the last delivered line a resume asks the engine to start again. */
export const RESUME_OVERLAP_NS = 2_000_000_000n;
const RECENT_LINES = 2000;

/**
 * Where a pump stopped, and the lines it delivered last. Live output may carry the
 * daemon's receive time while the backlog carries the engine's, so a resume asks for a
 * little earlier than the last line and drops, in order, the lines it already delivered.
 */
export class PumpCursor {
  lastTimeNs = -1n;
  private recent: { key: string; timeNs: bigint }[] = [];
  private replay?: string[];

  get started(): boolean {
    return this.lastTimeNs >= 0n;
  }

  /** The `since` (seconds) to resume from, and arms the duplicate filter. */
  resume(): number {
    const sinceNs = this.lastTimeNs - RESUME_OVERLAP_NS;
    this.replay = this.recent.filter((entry) => entry.timeNs >= sinceNs).map((entry) => entry.key);
    return nsToSinceSeconds(sinceNs > 0n ? sinceNs : 0n);
  }

  /** True when the chunk is new; records it. */
  admit(chunk: LogChunk): boolean {
    const key = `${chunk.stream}\u0000${chunk.text}`;
    const timeNs = parseTimeNs(chunk.time) ?? this.lastTimeNs;
    if (this.replay !== undefined) {
      if (timeNs <= this.lastTimeNs) {
        const index = this.replay.indexOf(key);
        if (index >= 0) {
          this.replay.splice(index, 1);
          return false;
        }
      } else this.replay = undefined;
    }
    if (timeNs > this.lastTimeNs) this.lastTimeNs = timeNs;
    this.recent.push({ key, timeNs });
    if (this.recent.length > RECENT_LINES * 2) this.recent = this.recent.slice(-RECENT_LINES);
    return true;
  }
}

interface PumpState {
  target: PumpTarget;
  cursor: PumpCursor;
  abort?: AbortController;
  /** The container started again while the pump was still draining its last run. */
  startedAgain?: boolean;
}

export interface LogPumpsOptions {
  /** Backlog lines per container when a pump starts without a cursor. */
  backlogTail: number;
}

export class LogPumps {
  private readonly pumps = new Map<string, PumpState>();
  private closed = false;

  constructor(
    private readonly engine: Engine,
    private readonly hub: LogHub,
    private readonly log: DaemonLog,
    private readonly options: LogPumpsOptions = { backlogTail: 1000 },
  ) {}

  /** Starts a pump for the container unless one is running. Resumes from its cursor. */
  ensure(target: PumpTarget): void {
    if (this.closed) return;
    let state = this.pumps.get(target.containerId);
    if (state === undefined) {
      state = { target, cursor: new PumpCursor() };
      this.pumps.set(target.containerId, state);
    }
    if (state.abort !== undefined) {
      state.startedAgain = true;
      return;
    }
    this.run(state);
  }

  /** Forgets a removed container. */
  forget(containerId: string): void {
    this.pumps.get(containerId)?.abort?.abort();
    this.pumps.delete(containerId);
  }

  forgetProject(projectName: string): void {
    for (const [containerId, state] of this.pumps)
      if (state.target.projectName === projectName) this.forget(containerId);
  }

  activeCount(): number {
    let count = 0;
    for (const state of this.pumps.values()) if (state.abort !== undefined) count += 1;
    return count;
  }

  close(): void {
    this.closed = true;
    for (const state of this.pumps.values()) state.abort?.abort();
  }

  private run(state: PumpState): void {
    const abort = new AbortController();
    state.abort = abort;
    state.startedAgain = false;
    const { cursor, target } = state;
    const resuming = cursor.started;
    const options = resuming
      ? { since: cursor.resume(), follow: true, signal: abort.signal }
      : { tail: this.options.backlogTail, follow: true, signal: abort.signal };
    this.log.debug({ containerId: target.containerId, serviceName: target.serviceName, resuming }, 'log pump started');
    const deliver = (chunk: LogChunk): void => {
      if (!cursor.admit(chunk)) return;
      this.hub.append({
        projectName: target.projectName,
        serviceName: target.serviceName,
        replica: target.replica,
        stream: chunk.stream,
        time: chunk.time,
        text: chunk.text.replace(/\r?\n$/, ''),
      });
    };
    this.engine
      .streamLogs(target.containerId, options, deliver)
      .catch((error: unknown) => {
        if (!abort.signal.aborted)
          this.log.debug({ containerId: target.containerId, error: String(error) }, 'log pump ended with an error');
      })
      .finally(() => {
        if (state.abort !== abort) return;
        state.abort = undefined;
        // A quick restart can come while the previous run's stream is still ending: follow the new run.
        if (state.startedAgain === true && !this.closed && this.pumps.get(state.target.containerId) === state)
          this.run(state);
      });
  }
}
