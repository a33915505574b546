// The per-client outgoing queue of the stream. Writes go to the socket while fewer than
// `inFlight` are unacknowledged; beyond that messages queue here. A client that batches
// logs gets its lines gathered into `logs` frames (sealed by the shared seal clock, every
// 20 ms for all clients at once, or when a frame is full; lines sealed while the socket
// is busy join the last frame still waiting, so a slow client gets few large frames
// rather than many small ones); its queue is bounded by the bytes of the lines it holds. A client that
// does not batch gets one `log` frame per line, bounded by `capacity` messages. Past the
// bound, log lines for that client are dropped (never for others) and, once it has room
// again, one `logs-skipped` per project says which sequence numbers it missed. Status
// messages are never dropped; a client with more than twice the capacity of them waiting
// is disconnected (it reconnects and resumes). Frames are written with `frameText` and
// `logsFrame`, which serialize each log line once, and each batch once, for all clients.

import type { LogLine, ServerMessage } from '../protocol/messages.js';
import { type SealClock, sharedSealClock } from './seal-clock.js';
import { type FrameData, type LinesUnit, frameSize, frameText, linesUnit, logsFrame } from './stream-frame.js';

export type OutgoingMessage = ServerMessage extends infer M
  ? M extends { seq: number }
    ? Omit<M, 'seq'>
    : never
  : never;

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

interface Queued {
  message: OutgoingMessage;
  /** Log bytes this entry holds (0 for other messages). */
  bytes: number;
  /** A `logs` entry's lines: the turns' shared units, and how many lines they hold. */
  units?: LinesUnit[];
  lineCount?: number;
}

/** What a line costs in a frame: its text plus the fields around it. */
const lineBytes = (line: LogLine): number =>
  line.text.length + line.projectName.length + line.serviceName.length + line.time.length + 80;

export class StreamOutbox {
  private seq = 0;
  private inFlight = 0;
  private readonly queue: Queued[] = [];
  /** Entries of the queue that are not log lines (status, replies, skip notices). */
  private controlQueued = 0;
  private readonly skipping = new Map<string, { fromSeq: number; toSeq: number }>();
  private closed = false;
  private batch: LogLine[] = [];
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
    private readonly sealClock: SealClock = sharedSealClock,
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

  push(message: OutgoingMessage): void {
    if (this.closed) return;
    if (message.type === 'log') {
      this.pushLine(message.line);
      return;
    }
    if (message.type === 'logs') {
      for (const line of message.lines) this.pushLine(line);
      return;
    }
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

  /** Queues one log line (what `push` of a `log` message does, without the message). */
  pushLog(line: LogLine): void {
    if (!this.closed) this.pushLine(line);
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
    this.controlQueued = 0;
    this.batch = [];
    this.batchSize = 0;
  }

  private full(fraction: number): boolean {
    return this.batching
      ? this.logBytes >= (this.logBytesLimit ?? this.limits.logBytes ?? 32 * 1024 * 1024) * fraction
      : this.queue.length >= this.limits.capacity * fraction;
  }

  private pushLine(line: LogLine): void {
    const projectName = line.projectName;
    const skip = this.skipping.get(projectName);
    if (skip !== undefined) {
      if (this.full(0.5)) {
        skip.toSeq = line.seq;
        this.droppedLines += 1;
        return;
      }
      this.skipping.delete(projectName);
      this.sealBatch();
      this.pushControl({ type: 'logs-skipped', projectName, ...skip });
    } else if (this.full(1)) {
      this.skipping.set(projectName, { fromSeq: line.seq, toSeq: line.seq });
      this.droppedLines += 1;
      return;
    }
    const bytes = lineBytes(line);
    if (!this.batching) {
      this.queue.push({ message: { type: 'log', line }, bytes });
      this.queuedLogBytes += bytes;
      this.flush();
      return;
    }
    this.batch.push(line);
    this.batchSize += bytes;
    if (
      this.batch.length >= (this.limits.batchLines ?? 2000) ||
      this.batchSize >= (this.limits.batchBytes ?? 128 * 1024)
    ) {
      this.sealBatch();
      this.flush();
    } else {
      this.sealClock.request(this.sealAndFlush);
    }
  }

  private pushControl(message: OutgoingMessage): void {
    this.queue.push({ message, bytes: 0 });
    this.controlQueued += 1;
  }

  /**
   * Moves the open batch into the queue: onto the last waiting `logs` frame while that
   * stays within a frame's limits, else as a frame of its own.
   */
  private sealBatch(): void {
    if (this.batch.length === 0) return;
    const unit = linesUnit(this.batch);
    const last = this.queue.at(-1);
    if (
      last !== undefined &&
      last.message.type === 'logs' &&
      last.units !== undefined &&
      (last.lineCount ?? 0) + this.batch.length <= (this.limits.batchLines ?? 2000) &&
      last.bytes + this.batchSize <= (this.limits.batchBytes ?? 128 * 1024)
    ) {
      // The frame is written from its units; its message keeps the first unit's lines only.
      last.units.push(unit);
      last.lineCount = (last.lineCount ?? 0) + this.batch.length;
      last.bytes += this.batchSize;
      this.queuedLogBytes += this.batchSize;
    } else {
      this.queue.push({
        message: { type: 'logs', lines: this.batch },
        bytes: this.batchSize,
        units: [unit],
        lineCount: this.batch.length,
      });
      this.queuedLogBytes += this.batchSize;
    }
    this.batch = [];
    this.batchSize = 0;
  }

  private flush(): void {
    const maxBytes = this.limits.inFlightBytes ?? 1024 * 1024;
    while (!this.closed && this.inFlight < this.limits.inFlight && this.inFlightBytes < maxBytes) {
      if (this.queue.length === 0) {
        if (!this.emitSkipped()) return;
        continue;
      }
      const { message, bytes, units } = this.queue.shift() as Queued;
      this.queuedLogBytes -= bytes;
      if (message.type !== 'log' && message.type !== 'logs') this.controlQueued -= 1;
      this.seq += 1;
      this.inFlight += 1;
      const frame =
        units !== undefined ? logsFrame(units, this.seq) : frameText({ ...message, seq: this.seq } as ServerMessage);
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
