// The client side of /v1/stream: subscribes, hands every server message to the caller,
// and when the connection drops reconnects with backoff and resubscribes with the last
// log sequence number it saw per project, so the caller gets no gap and no duplicate.
// When a different daemon instance answers (devd restarted), sequence numbers start
// over: it asks for a backlog instead and drops lines it already delivered.

import type WebSocket from 'ws';
import { loadWebSocket } from './load-ws.js';
import { RestartSeam } from './restart-seam.js';
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
  /** Lines a previous daemon delivered, lined up with what a restarted one serves again. */
  const seam = new RestartSeam();
  let settleTimer: NodeJS.Timeout | undefined;
  let resolveReady: () => void = () => undefined;
  let rejectReady: (error: Error) => void = () => undefined;
  const ready = new Promise<void>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => undefined);

  /** The new lines among those served, in order: no sequence number seen before, nothing delivered already. */
  const admit = (served: LogLine[]): LogLine[] => {
    const now = Date.now();
    const fresh: LogLine[] = [];
    for (const line of served) {
      if (line.seq <= (lastLogSeq.get(line.projectName) ?? 0)) continue;
      lastLogSeq.set(line.projectName, line.seq);
      for (const admitted of seam.admit(line, now)) {
        seam.delivered(admitted);
        fresh.push(admitted);
      }
    }
    return fresh;
  };

  const beginSeam = (): void => {
    seam.begin(Date.now());
    if (settleTimer !== undefined) clearInterval(settleTimer);
    settleTimer = setInterval(() => {
      seam.settle(Date.now());
      if (!seam.active && settleTimer !== undefined) {
        clearInterval(settleTimer);
        settleTimer = undefined;
      }
    }, 250);
    settleTimer.unref();
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
      // After close() nothing more reaches the caller, and the resume point stays where it was:
      // frames still in flight while the socket closes belong to the next subscription.
      if (closedByUser) return;
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
          if (instanceChanged) {
            lastLogSeq.clear();
            beginSeam();
          }
          instanceId = message.instanceId;
          events.onState?.('open');
          sendSubscribe();
          resolveReady();
          break;
        case 'log':
        case 'logs': {
          const lines = admit(message.type === 'log' ? [message.line] : message.lines);
          if (lines.length === 0) return;
          if (options.logBatches === true) events.onMessage({ type: 'logs', seq: message.seq, lines });
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
      if (settleTimer !== undefined) clearInterval(settleTimer);
      socket?.close(1000);
    },
  };
};
