// One connection of the websocket stream, /v1/stream: hello -> (subscribe) -> snapshot +
// log backlog -> live deltas. Log lines come from the log plane's feed as serialized
// units. Served by devd (stream-route.ts) or, handed the connection, by the log-plane
// process, so it depends only on what both have (StreamDeps). Each client has its own
// outbox, so a slow one only loses its own log lines; the bytes of lines the clients may
// hold are shared out between them. Every incoming message is validated; a bad one gets
// an error message back and the connection stays up.

import type { Socket } from 'node:net';
import type { WebSocket } from '@fastify/websocket';
import type { FeedSource } from '../logs/log-plane.js';
import type { Activity, ClientMessage, ProjectStatus } from '../protocol/messages.js';
import { PROTOCOL_VERSION } from '../protocol/messages.js';
import type { StatusListener } from '../status/status-store.js';
import type { Topic } from '../status/topic.js';
import type { ApiLimits } from './api-deps.js';
import { shareLogBudget } from './stream-budget.js';
import { StreamOutbox } from './stream-outbox.js';
import { parseClientMessage } from './validate-values.js';

type Subscription = Extract<ClientMessage, { type: 'subscribe' }>;

const inScope = (subscription: Subscription, projectName: string): boolean =>
  subscription.projectName === undefined || subscription.projectName === projectName;

export interface StreamDeps {
  version: string;
  instanceId: string;
  store: { projects(): ProjectStatus[]; subscribe(listener: StatusListener): () => void };
  activities: Topic<Activity>;
  feeds: FeedSource;
  /** Open stream connections, counted here. */
  viewers?: { count: number };
}

/** Serves one stream connection; `outboxes` holds every open connection's, to share the log budget. */
export const serveStream = (
  socket: WebSocket,
  deps: StreamDeps,
  limits: ApiLimits,
  outboxes: Set<StreamOutbox>,
): void => {
  /** The connection under the websocket (ws keeps it as `_socket`). */
  const raw = (socket as unknown as { _socket?: Socket })._socket;
  let corked = false;
  const outbox = new StreamOutbox(
    {
      send: (frame, done) => {
        // Frames written in one go leave in one system call: each write wakes the reader,
        // and on a busy machine every wake-up can cost this thread its turn on a core.
        if (!corked && raw !== undefined) {
          corked = true;
          raw.cork();
          process.nextTick(() => {
            corked = false;
            raw.uncork();
          });
        }
        if (typeof frame === 'string') {
          socket.send(frame, (error) => done(error ?? undefined));
          return;
        }
        // One message in two fragments: the shared lines, then this client's seq.
        socket.send(frame.head, { binary: false, fin: false });
        socket.send(frame.tail, { binary: false, fin: true }, (error) => done(error ?? undefined));
      },
      close: (code, reason) => socket.close(code, reason),
    },
    {
      capacity: limits.clientQueue,
      inFlight: limits.inFlight,
      ...(limits.clientLogBytes !== undefined ? { logBytes: limits.clientLogBytes } : {}),
    },
  );
  outboxes.add(outbox);
  shareLogBudget(outboxes, limits);
  let subscription: Subscription | undefined;
  /** Ends the log feed of the current subscription. */
  let closeFeed: (() => void) | undefined;
  const unsubscribers: (() => void)[] = [() => closeFeed?.()];

  const subscribe = (next: Subscription): void => {
    subscription = next;
    outbox.batching = next.batchLogs === true;
    closeFeed?.();
    closeFeed = undefined;
    const projects: ProjectStatus[] = deps.store.projects().filter((project) => inScope(next, project.projectName));
    outbox.push({ type: 'snapshot', projects });
    if (next.logs === false) return;
    // The backlog (a tail, or what came after the sequence numbers the client saw), then live lines.
    closeFeed = deps.feeds.openFeed(
      {
        ...(next.projectName !== undefined ? { projectName: next.projectName } : {}),
        ...(next.services !== undefined ? { services: next.services } : {}),
        ...(next.logsAfter !== undefined ? { after: next.logsAfter } : {}),
        tail: next.tail ?? 0,
      },
      (event) => {
        if (event.type === 'units') outbox.pushUnits(event.units);
        else
          outbox.push({
            type: 'logs-skipped',
            projectName: event.projectName,
            fromSeq: event.fromSeq,
            toSeq: event.toSeq,
          });
      },
    );
  };

  unsubscribers.push(
    deps.store.subscribe((change) => {
      if (subscription === undefined) return;
      switch (change.kind) {
        case 'service':
          if (inScope(subscription, change.status.projectName)) outbox.push({ type: 'service', status: change.status });
          return;
        case 'project':
          if (inScope(subscription, change.status.projectName)) outbox.push({ type: 'project', status: change.status });
          return;
        case 'project-removed':
          if (inScope(subscription, change.projectName))
            outbox.push({ type: 'project-removed', projectName: change.projectName });
          return;
      }
    }),
    deps.activities.subscribe((activity) => {
      if (subscription !== undefined && inScope(subscription, activity.projectName))
        outbox.push({ type: 'activity', activity });
    }),
  );

  socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
    const size = Array.isArray(data) ? data.reduce((total, chunk) => total + chunk.length, 0) : data.byteLength;
    if (size > limits.frameBytes) {
      outbox.push({
        type: 'error',
        code: 'DEV_ERR_TOO_LARGE',
        message: `message larger than ${limits.frameBytes} bytes`,
      });
      return;
    }
    if (isBinary) {
      outbox.push({ type: 'error', code: 'DEV_ERR_BAD_MESSAGE', message: 'messages are JSON text' });
      return;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(
        Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8'),
      );
    } catch {
      outbox.push({ type: 'error', code: 'DEV_ERR_BAD_MESSAGE', message: 'message is not JSON' });
      return;
    }
    const parsed = parseClientMessage(raw);
    if (!parsed.ok) {
      outbox.push({
        type: 'error',
        code: 'unknownType' in parsed ? 'DEV_ERR_UNKNOWN_MESSAGE' : 'DEV_ERR_BAD_MESSAGE',
        message: parsed.message,
      });
      return;
    }
    const message = parsed.value;
    switch (message.type) {
      case 'subscribe':
        subscribe(message);
        return;
      case 'ping':
        outbox.push({ type: 'pong', id: message.id });
        return;
    }
  });
  if (deps.viewers !== undefined) deps.viewers.count += 1;
  socket.on('close', () => {
    if (deps.viewers !== undefined) deps.viewers.count -= 1;
    outbox.close();
    outboxes.delete(outbox);
    shareLogBudget(outboxes, limits);
    for (const unsubscribe of unsubscribers) unsubscribe();
  });
  socket.on('error', () => socket.terminate());

  outbox.push({
    type: 'hello',
    protocol: PROTOCOL_VERSION,
    daemonVersion: deps.version,
    instanceId: deps.instanceId,
  });
};
