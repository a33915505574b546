// The per-client outgoing queue of the stream. Writes go to the socket while fewer than
// `inFlight` are unacknowledged; beyond that messages queue here. A client that batches
// logs gets its lines, which come in units once per tick of the log plane, gathered into
// `logs` frames (sealed at the end of the turn they came in, or when a frame is full;
// units sealed while the socket is busy join the last frame still waiting, so a slow
// client gets few large frames rather than many small ones); its queue is bounded by the
// bytes of the lines it holds. A client that
// does not batch gets one `log` frame per line, bounded by `capacity` messages. Past the
// bound, log lines for that client are dropped (never for others) and, once it has room
// again, one `logs-skipped` per project says which sequence numbers it missed. Status
// messages are never dropped; a client with more than twice the capacity of them waiting
// is disconnected (it reconnects and resumes). Units are shared by every client that gets
// them: a line is serialized once, and a frame's head once, for all clients.

import type { LinesUnit } from '../logs/lines-unit.js';
import type { ServerMessage } from '../protocol/messages.js';
import { type SealClock, turnSealClock } from './seal-clock.js';
import { type FrameData, frameSize, frameText, logFrame, logsFrame } from './stream-frame.js';

export type OutgoingMessage = ServerMessage extends infer M
  ? M extends { seq: number }
    ? Omit<M, 'seq'>
    : never
  : never;

/** What the outbox queues as it is: every message but log lines. */
export type ControlMessage = Exclude<OutgoingMessage, { type: 'log' | 'logs' }>;

export interface OutboxSink {
  /** Writes one text message; `done` runs when it left for the network (or failed). */
  send(frame: FrameData, done: (error?: Error) => void): void;
  /** Closes the connection for a client that cannot keep up. */
  close(code: number, reason: string): void;
}

export interface OutboxLimits {
  capacity: number;
  inFlight: number;
  /** Bytes of log lines a batching client may have queued; 32 MiB by default. */
  logBytes?: number;
  /** Most lines in one `logs` frame; 2,000 by default. */
  batchLines?: number;
  /** A `logs` frame is sealed once its lines hold this many bytes; 128 KiB by default. */
  batchBytes?: number;
  /** Bytes of frames written but not yet flushed to the socket before more wait here; 1 MiB by default. */
  inFlightBytes?: number;
}

type Queued =
  | { kind: 'control'; message: ControlMessage; bytes: 0 }
  /** A `logs` frame: shared units, how many lines they hold, and their bytes. */
  | { kind: 'logs'; units: LinesUnit[]; lineCount: number; bytes: number }
  /** A `log` frame: one line of a unit (clients that do not batch). */
  | { kind: 'line'; unit: LinesUnit; index: number; bytes: number };

export class StreamOutbox {
  private seq = 0;
  private inFlight = 0;
  private readonly queue: Queued[] = [];
  /** Entries of the queue that are not log lines (status, replies, skip notices). */
  private controlQueued = 0;
  private readonly skipping = new Map<string, { fromSeq: number; toSeq: number }>();
  private closed = false;
  private batch: LinesUnit[] = [];
  private batchLines = 0;
  private batchSize = 0;
  private queuedLogBytes = 0;
  private inFlightBytes = 0;
  /** Whether log lines go out as `logs` batches (the client subscribed with `batchLogs`). */
  batching = false;
  /**
   * Bytes of log lines this batching client may hold now, when lower than `limits.logBytes`
   * (the stream shares one budget between its clients; see stream-route.ts).
   */
  logBytesLimit: number | undefined;
  /** Log lines dropped for this client so far. */
  droppedLines = 0;

  constructor(
    private readonly sink: OutboxSink,
    private readonly limits: OutboxLimits,
    private readonly sealClock: SealClock = turnSealClock,
  ) {}

  private readonly sealAndFlush = (): void => {
    this.sealBatch();
    this.flush();
  };

  get queued(): number {
    return this.queue.length + (this.batch.length > 0 ? 1 : 0);
  }

  /** Bytes of log lines held for this client (queued frames and the open batch). */
  get logBytes(): number {
    return this.queuedLogBytes + this.batchSize;
  }

  /** Queues a message other than log lines (those come as units: `pushUnits`). */
  push(message: ControlMessage): void {
    if (this.closed) return;
    this.sealBatch();
    if (this.controlQueued >= this.limits.capacity * 2) {
      this.closed = true;
      this.queue.length = 0;
      this.sink.close(1013, 'client too slow; reconnect to resume');
      return;
    }
    this.pushControl(message);
    this.flush();
  }

  /** Queues units of log lines (each of one project, in sequence order). */
  pushUnits(units: readonly LinesUnit[]): void {
    if (this.closed) return;
    for (const unit of units) if (unit.count > 0) this.pushUnit(unit);
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.controlQueued = 0;
    this.batch = [];
    this.batchLines = 0;
    this.batchSize = 0;
  }

  private full(fraction: number): boolean {
    return this.batching
      ? this.logBytes >= (this.logBytesLimit ?? this.limits.logBytes ?? 32 * 1024 * 1024) * fraction
      : this.queue.length >= this.limits.capacity * fraction;
  }

  private pushUnit(unit: LinesUnit): void {
    const projectName = unit.projectName;
    const skip = this.skipping.get(projectName);
    if (skip !== undefined) {
      if (this.full(0.5)) {
        skip.toSeq = unit.lastSeq;
        this.droppedLines += unit.count;
        return;
      }
      this.skipping.delete(projectName);
      this.sealBatch();
      this.pushControl({ type: 'logs-skipped', projectName, ...skip });
    } else if (this.full(1)) {
      this.skipping.set(projectName, { fromSeq: unit.firstSeq, toSeq: unit.lastSeq });
      this.droppedLines += unit.count;
      return;
    }
    if (!this.batching) {
      for (let index = 0; index < unit.count; index += 1) {
        const bytes = (unit.starts[index + 1] as number) - (unit.starts[index] as number) + 16;
        this.queue.push({ kind: 'line', unit, index, bytes });
        this.queuedLogBytes += bytes;
      }
      this.flush();
      return;
    }
    this.batch.push(unit);
    this.batchLines += unit.count;
    this.batchSize += unit.bytes;
    if (
      this.batchLines >= (this.limits.batchLines ?? 2000) ||
      this.batchSize >= (this.limits.batchBytes ?? 128 * 1024)
    ) {
      this.sealBatch();
      this.flush();
    } else {
      this.sealClock.request(this.sealAndFlush);
    }
  }

  private pushControl(message: ControlMessage): void {
    this.queue.push({ kind: 'control', message, bytes: 0 });
    this.controlQueued += 1;
  }

  /**
   * Moves the open batch into the queue: onto the last waiting `logs` frame while that
   * stays within a frame's limits, else as a frame of its own.
   */
  private sealBatch(): void {
    if (this.batch.length === 0) return;
    const last = this.queue.at(-1);
    if (
      last !== undefined &&
      last.kind === 'logs' &&
      last.lineCount + this.batchLines <= (this.limits.batchLines ?? 2000) &&
      last.bytes + this.batchSize <= (this.limits.batchBytes ?? 128 * 1024)
    ) {
      last.units.push(...this.batch);
      last.lineCount += this.batchLines;
      last.bytes += this.batchSize;
    } else {
      this.queue.push({ kind: 'logs', units: this.batch, lineCount: this.batchLines, bytes: this.batchSize });
    }
    this.queuedLogBytes += this.batchSize;
    this.batch = [];
    this.batchLines = 0;
    this.batchSize = 0;
  }

  private flush(): void {
    const maxBytes = this.limits.inFlightBytes ?? 1024 * 1024;
    while (!this.closed && this.inFlight < this.limits.inFlight && this.inFlightBytes < maxBytes) {
      if (this.queue.length === 0) {
        if (!this.emitSkipped()) return;
        continue;
      }
      const entry = this.queue.shift() as Queued;
      this.queuedLogBytes -= entry.bytes;
      if (entry.kind === 'control') this.controlQueued -= 1;
      this.seq += 1;
      this.inFlight += 1;
      const frame =
        entry.kind === 'logs'
          ? logsFrame(entry.units, this.seq)
          : entry.kind === 'line'
            ? logFrame(entry.unit, entry.index, this.seq)
            : frameText({ ...entry.message, seq: this.seq } as ServerMessage);
      const size = frameSize(frame);
      this.inFlightBytes += size;
      this.sink.send(frame, (error) => {
        this.inFlight -= 1;
        this.inFlightBytes -= size;
        if (error !== undefined) {
          this.close();
          return;
        }
        this.flush();
      });
    }
  }

  /** When the queue has drained, tells the client about lines it missed. */
  private emitSkipped(): boolean {
    if (this.batch.length > 0) return false;
    const first = this.skipping.entries().next();
    if (first.done === true) return false;
    const [projectName, skip] = first.value;
    this.skipping.delete(projectName);
    this.pushControl({ type: 'logs-skipped', projectName, fromSeq: skip.fromSeq, toSeq: skip.toSeq });
    return true;
  }
}
