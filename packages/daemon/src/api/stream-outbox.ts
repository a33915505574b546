// The per-client outgoing queue of the stream. Writes go to the socket while fewer than
// `inFlight` are unacknowledged; beyond that messages queue here. When the queue holds
// `capacity` messages, log lines for that client are dropped (never for others) and,
// once it has room again, one `logs-skipped` per project says which sequence numbers it
// missed. Status messages are never dropped; a client that stays stuck past twice the
// capacity is disconnected (it reconnects and resumes).

import type { ServerMessage } from '../protocol/messages.js';

export type OutgoingMessage = ServerMessage extends infer M
  ? M extends { seq: number }
    ? Omit<M, 'seq'>
    : never
  : never;

export interface OutboxSink {
  /** Writes one text frame; `done` runs when the frame left for the network (or failed). */
  send(text: string, done: (error?: Error) => void): void;
  /** Closes the connection for a client that cannot keep up. */
  close(code: number, reason: string): void;
}

export interface OutboxLimits {
  capacity: number;
  inFlight: number;
}

export class StreamOutbox {
  private seq = 0;
  private inFlight = 0;
  private readonly queue: OutgoingMessage[] = [];
  private readonly skipping = new Map<string, { fromSeq: number; toSeq: number }>();
  private closed = false;
  /** Log lines dropped for this client so far. */
  droppedLines = 0;

  constructor(
    private readonly sink: OutboxSink,
    private readonly limits: OutboxLimits,
  ) {}

  get queued(): number {
    return this.queue.length;
  }

  push(message: OutgoingMessage): void {
    if (this.closed) return;
    if (message.type === 'log') {
      const projectName = message.line.projectName;
      const skip = this.skipping.get(projectName);
      if (skip !== undefined) {
        if (this.queue.length >= this.limits.capacity / 2) {
          skip.toSeq = message.line.seq;
          this.droppedLines += 1;
          return;
        }
        this.skipping.delete(projectName);
        this.queue.push({ type: 'logs-skipped', projectName, fromSeq: skip.fromSeq, toSeq: skip.toSeq });
      } else if (this.queue.length >= this.limits.capacity) {
        this.skipping.set(projectName, { fromSeq: message.line.seq, toSeq: message.line.seq });
        this.droppedLines += 1;
        return;
      }
    } else if (this.queue.length >= this.limits.capacity * 2) {
      this.closed = true;
      this.queue.length = 0;
      this.sink.close(1013, 'client too slow; reconnect to resume');
      return;
    }
    this.queue.push(message);
    this.flush();
  }

  close(): void {
    this.closed = true;
    this.queue.length = 0;
  }

  private flush(): void {
    while (!this.closed && this.inFlight < this.limits.inFlight) {
      if (this.queue.length === 0) {
        if (!this.emitSkipped()) return;
        continue;
      }
      const message = this.queue.shift() as OutgoingMessage;
      this.seq += 1;
      this.inFlight += 1;
      this.sink.send(JSON.stringify({ ...message, seq: this.seq }), (error) => {
        this.inFlight -= 1;
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
    const first = this.skipping.entries().next();
    if (first.done === true) return false;
    const [projectName, skip] = first.value;
    this.skipping.delete(projectName);
    this.queue.push({ type: 'logs-skipped', projectName, fromSeq: skip.fromSeq, toSeq: skip.toSeq });
    return true;
  }
}
