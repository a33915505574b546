// The one websocket stream, /v1/stream: hello -> (subscribe) -> snapshot + log backlog ->
// live deltas. Each client has its own outbox, so a slow one only loses its own log
// lines; the bytes of lines the clients may hold are shared out between them. Every incoming message is validated; a bad one gets an error message back and
// the connection stays up.

import type { FastifyInstance } from 'fastify';
import type { WebSocket } from '@fastify/websocket';
import type { ClientMessage, LogLine, ProjectStatus } from '../protocol/messages.js';
import { PROTOCOL_VERSION } from '../protocol/messages.js';
import type { ApiDeps, ApiLimits } from './api-deps.js';
import { shareLogBudget } from './stream-budget.js';
import { StreamOutbox } from './stream-outbox.js';
import { parseClientMessage } from './validate-values.js';

type Subscription = Extract<ClientMessage, { type: 'subscribe' }>;

const inScope = (subscription: Subscription, projectName: string): boolean =>
  subscription.projectName === undefined || subscription.projectName === projectName;

const wantsService = (subscription: Subscription, serviceName: string): boolean =>
  subscription.services === undefined ||
  subscription.services.length === 0 ||
  subscription.services.includes(serviceName);

export const registerStreamRoute = (app: FastifyInstance, deps: ApiDeps, limits: ApiLimits): void => {
  const outboxes = new Set<StreamOutbox>();
  app.get('/v1/stream', { websocket: true }, (socket: WebSocket) => {
    const outbox = new StreamOutbox(
      {
        send: (frame, done) => {
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
    /** Highest log seq sent per project, so backlog and live lines never overlap. */
    const sentThrough = new Map<string, number>();
    const unsubscribers: (() => void)[] = [];

    const sendLine = (line: LogLine): void => {
      if (subscription === undefined || subscription.logs === false) return;
      if (!inScope(subscription, line.projectName) || !wantsService(subscription, line.serviceName)) return;
      if (line.seq <= (sentThrough.get(line.projectName) ?? 0)) return;
      sentThrough.set(line.projectName, line.seq);
      outbox.pushLog(line);
    };

    const subscribe = (next: Subscription): void => {
      subscription = next;
      outbox.batching = next.batchLogs === true;
      sentThrough.clear();
      const projects: ProjectStatus[] = deps.store.projects().filter((project) => inScope(next, project.projectName));
      outbox.push({ type: 'snapshot', projects });
      if (next.logs === false) return;
      const projectNames = new Set([
        ...projects.map((project) => project.projectName),
        ...deps.hub.projectNames().filter((name) => inScope(next, name)),
      ]);
      for (const projectName of projectNames) {
        const after = next.logsAfter?.[projectName];
        if (after !== undefined) {
          const { lines, skipped } = deps.hub.linesAfter(projectName, after, next.services);
          if (skipped !== undefined)
            outbox.push({ type: 'logs-skipped', projectName, fromSeq: skipped.fromSeq, toSeq: skipped.toSeq });
          for (const line of lines) sendLine(line);
          sentThrough.set(projectName, Math.max(after, sentThrough.get(projectName) ?? 0));
        } else {
          for (const line of deps.hub.tail(projectName, next.tail ?? 0, next.services)) sendLine(line);
          sentThrough.set(projectName, Math.max(deps.hub.lastSeq(projectName), sentThrough.get(projectName) ?? 0));
        }
      }
    };

    unsubscribers.push(
      deps.hub.subscribe(sendLine),
      deps.store.subscribe((change) => {
        if (subscription === undefined) return;
        switch (change.kind) {
          case 'service':
            if (inScope(subscription, change.status.projectName))
              outbox.push({ type: 'service', status: change.status });
            return;
          case 'project':
            if (inScope(subscription, change.status.projectName))
              outbox.push({ type: 'project', status: change.status });
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
          Array.isArray(data)
            ? Buffer.concat(data).toString('utf8')
            : Buffer.from(data as ArrayBuffer).toString('utf8'),
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
  });
};
