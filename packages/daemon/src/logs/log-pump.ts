// One pump per container: reads the backlog and then follows the container's output
// through the engine (engine/log-follow.ts) into the log hub. A pump remembers the lines it
// delivered last, so resuming after its stream ended (the engine restarted, the container
// stopped and started) asks for output from a little before the last one and drops the
// lines it already has: no duplicate and no gap.

import type { Engine, LogChunk } from '../engine/engine.js';
import { ENGINE_STAMP_LAG_MS } from '../engine/log-follow.js';
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
/** How much later than devd received a live line the engine may have stamped it. Below RESUME_OVERLAP_NS. */
export const STAMP_LAG_NS = BigInt(ENGINE_STAMP_LAG_MS) * 1_000_000n;
const RECENT_LINES = 2000;

interface Delivered {
  stream: LogChunk['stream'];
  text: string;
  timeNs: bigint;
}

/** The text without its line end (LF or CRLF), without copying it. */
const withoutLineEnd = (text: string): string =>
  text.endsWith('\n') ? text.slice(0, text.endsWith('\r\n') ? -2 : -1) : text;

const replayKey = (stream: LogChunk['stream'], text: string): string => `${stream}\u0000${text}`;

/**
 * Where a pump stopped, and the lines it delivered last. Live output carries the daemon's
 * receive time and the backlog the engine's stamp, and either may be the later one, so a
 * resume asks for a little earlier than the last line and drops the lines it already
 * delivered: a replayed line is a copy of the oldest delivered line with its stream and
 * text that it was stamped at most STAMP_LAG_NS after. A delivered line whose copy is
 * older than the resume point stays unmatched; it could be taken for a line of the same
 * text printed after the last delivered one only if devd had received it more than
 * RESUME_OVERLAP_NS - STAMP_LAG_NS after the engine stamped it.
 */
export class PumpCursor {
  lastTimeNs = -1n;
  private recent: Delivered[] = [];
  /** Delivered lines a replay may still repeat, oldest first per key; and the latest a copy can be stamped. */
  private replay?: { byKey: Map<string, bigint[]>; untilNs: bigint };

  get started(): boolean {
    return this.lastTimeNs >= 0n;
  }

  /** The `since` (seconds) to resume from, and arms the duplicate filter. */
  resume(): number {
    const overlapStart = this.lastTimeNs - RESUME_OVERLAP_NS;
    // The engine is asked from this microsecond on: the filter covers the same lines.
    const sinceNs = overlapStart > 0n ? (overlapStart / 1000n) * 1000n : 0n;
    const byKey = new Map<string, bigint[]>();
    for (const entry of this.recent) {
      if (entry.timeNs < sinceNs - STAMP_LAG_NS) continue;
      const key = replayKey(entry.stream, entry.text);
      const times = byKey.get(key);
      if (times === undefined) byKey.set(key, [entry.timeNs]);
      else times.push(entry.timeNs);
    }
    this.replay = byKey.size > 0 ? { byKey, untilNs: this.lastTimeNs + STAMP_LAG_NS } : undefined;
    return nsToSinceSeconds(sinceNs);
  }

  /** True when the chunk is new; records it. */
  admit(chunk: LogChunk): boolean {
    const timeNs = parseTimeNs(chunk.time) ?? this.lastTimeNs;
    if (this.replay !== undefined) {
      if (timeNs > this.replay.untilNs) this.replay = undefined;
      else if (this.takeReplayed(replayKey(chunk.stream, chunk.text), timeNs)) return false;
    }
    if (timeNs > this.lastTimeNs) this.lastTimeNs = timeNs;
    this.recent.push({ stream: chunk.stream, text: chunk.text, timeNs });
    if (this.recent.length > RECENT_LINES * 2) this.recent = this.recent.slice(-RECENT_LINES);
    return true;
  }

  /** Matches a replayed line with the delivered line it copies, if any, and forgets that one. */
  private takeReplayed(key: string, timeNs: bigint): boolean {
    const replay = this.replay;
    const times = replay?.byKey.get(key);
    if (replay === undefined || times === undefined) return false;
    const index = times.findIndex((deliveredNs) => timeNs <= deliveredNs + STAMP_LAG_NS);
    if (index < 0) return false;
    times.splice(index, 1);
    if (times.length === 0) replay.byKey.delete(key);
    if (replay.byKey.size === 0) this.replay = undefined;
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
      // One string for the line, kept by both the cursor and the hub.
      const line = { stream: chunk.stream, time: chunk.time, text: withoutLineEnd(chunk.text) };
      if (!cursor.admit(line)) return;
      this.hub.append({
        projectName: target.projectName,
        serviceName: target.serviceName,
        replica: target.replica,
        ...line,
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
