// The client side of /v1/stream: subscribes, hands every server message to the caller,
// and when the connection drops reconnects with backoff and resubscribes with the last
// log sequence number it saw per project, so the caller gets no gap and no duplicate.
// When a different daemon instance answers (devd restarted), sequence numbers start
// over: it asks for a backlog instead and drops lines it already delivered.

import type WebSocket from 'ws';
import { loadWebSocket } from './load-ws.js';
import type { ClientMessage, LogLine, ServerMessage } from '../protocol/messages.js';

export type StreamSubscription = Omit<Extract<ClientMessage, { type: 'subscribe' }>, 'type' | 'logsAfter'>;

export interface StreamEvents {
  onMessage: (message: ServerMessage) => void;
  /** Connection state changes, for "reconnecting..." displays. */
  onState?: (state: 'connecting' | 'open' | 'reconnecting' | 'closed', detail?: string) => void;
}

export interface StreamOptions {
  socketPath: string;
  reconnect?: boolean;
  /** Backoff steps in ms; the last repeats. */
  backoffMs?: number[];
  /** Gives up after this many failed attempts in a row (unlimited when absent). */
  maxAttempts?: number;
  /** Resume each project's logs after these sequence numbers (from an earlier stream to the same daemon). */
  resumeFrom?: Record<string, number>;
  /**
   * Hand log lines to `onMessage` as the daemon batches them (`logs` messages, many lines
   * each) instead of one `log` message per line. Lines travel batched either way.
   */
  logBatches?: boolean;
}

export interface StreamHandle {
  /** Resolves once the first subscription was sent. */
  ready: Promise<void>;
  /** Sends another subscription (replaces the current one). */
  resubscribe(subscription: StreamSubscription): void;
  close(): void;
  /** Last log seq delivered per project. */
  readonly lastLogSeq: ReadonlyMap<string, number>;
}

const sourceKey = (line: LogLine): string => `${line.projectName}\u0000${line.serviceName}\u0000${line.replica}`;

export const openStream = (
  subscription: StreamSubscription,
  events: StreamEvents,
  options: StreamOptions,
): StreamHandle => {
  let current = subscription;
  let socket: WebSocket | undefined;
  let closedByUser = false;
  let attempt = 0;
  let instanceId: string | undefined;
  let instanceChanged = false;
  const lastLogSeq = new Map<string, number>(Object.entries(options.resumeFrom ?? {}));
  /** The time of the last line delivered per container, to drop what a restarted daemon serves again. */
  const lastTime = new Map<string, number>();
  let resolveReady: () => void = () => undefined;
  let rejectReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);

  const remember = (line: LogLine): void => {
    const time = Date.parse(line.time);
    if (!Number.isNaN(time)) lastTime.set(sourceKey(line), Math.max(time, lastTime.get(sourceKey(line)) ?? 0));
  };
  /** After a daemon restart the backlog starts over: lines no newer than what was delivered are repeats. */
  const alreadyDelivered = (line: LogLine): boolean => {
    const time = Date.parse(line.time);
    const seen = lastTime.get(sourceKey(line));
    return seen !== undefined && !Number.isNaN(time) && time <= seen;
  };

  /** Whether a line is new to the caller (and remembers it): no line is delivered twice. */
  const accept = (line: LogLine): boolean => {
    if (line.seq <= (lastLogSeq.get(line.projectName) ?? 0)) return false;
    lastLogSeq.set(line.projectName, line.seq);
    if (instanceChanged && alreadyDelivered(line)) return false;
    remember(line);
    return true;
  };

  const sendSubscribe = (): void => {
    const logsAfter = instanceChanged ? undefined : Object.fromEntries(lastLogSeq);
    const message: ClientMessage = {
      type: 'subscribe',
      ...current,
      batchLogs: true,
      ...(logsAfter !== undefined && Object.keys(logsAfter).length > 0 ? { logsAfter } : {}),
      ...(instanceChanged ? { tail: Math.max(current.tail ?? 0, 1000) } : {}),
    };
    socket?.send(JSON.stringify(message));
  };

  const connect = (): void => {
    events.onState?.(attempt === 0 ? 'connecting' : 'reconnecting');
    const ws = new (loadWebSocket())(`ws+unix://${options.socketPath}:/v1/stream`, { headers: { host: 'devd' } });
    socket = ws;
    ws.on('message', (data: Buffer) => {
      let message: ServerMessage;
      try {
        message = JSON.parse(data.toString('utf8')) as ServerMessage;
      } catch {
        return;
      }
      switch (message.type) {
        case 'hello':
          attempt = 0;
          instanceChanged = instanceId !== undefined && message.instanceId !== instanceId;
          if (instanceChanged) lastLogSeq.clear();
          instanceId = message.instanceId;
          events.onState?.('open');
          sendSubscribe();
          resolveReady();
          break;
        case 'log':
          if (accept(message.line)) break;
          return;
        case 'logs': {
          const lines = message.lines.filter(accept);
          if (lines.length === 0) return;
          if (options.logBatches === true) events.onMessage({ ...message, lines });
          else for (const line of lines) events.onMessage({ type: 'log', seq: message.seq, line });
          return;
        }
        case 'logs-skipped':
          lastLogSeq.set(message.projectName, Math.max(message.toSeq, lastLogSeq.get(message.projectName) ?? 0));
          break;
        case 'snapshot':
        case 'service':
        case 'project':
        case 'project-removed':
        case 'activity':
        case 'error':
        case 'pong':
          break;
      }
      events.onMessage(message);
    });
    ws.on('error', () => undefined);
    ws.on('close', (_code, reason) => {
      if (closedByUser) {
        events.onState?.('closed');
        return;
      }
      if (options.reconnect === false || (options.maxAttempts !== undefined && attempt >= options.maxAttempts)) {
        events.onState?.('closed', reason.toString());
        rejectReady(new Error(`the stream to ${options.socketPath} closed`));
        return;
      }
      const steps = options.backoffMs ?? [100, 250, 500, 1000, 2000];
      const delay = steps[Math.min(attempt, steps.length - 1)] ?? 2000;
      attempt += 1;
      events.onState?.('reconnecting', reason.toString());
      setTimeout(() => {
        if (!closedByUser) connect();
      }, delay);
    });
  };

  connect();
  return {
    ready,
    lastLogSeq,
    resubscribe: (next) => {
      current = next;
      if (socket !== undefined && socket.readyState === socket.OPEN) sendSubscribe();
    },
    close: () => {
      closedByUser = true;
      socket?.close(1000);
    },
  };
};
