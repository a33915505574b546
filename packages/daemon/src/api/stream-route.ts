// The websocket stream route, /v1/stream, when devd serves it itself (stream-session.ts).

import type { FastifyInstance } from 'fastify';
import type { WebSocket } from '@fastify/websocket';
import type { ApiDeps, ApiLimits } from './api-deps.js';
import { serveStream } from './stream-session.js';
import type { StreamOutbox } from './stream-outbox.js';

export const registerStreamRoute = (app: FastifyInstance, deps: ApiDeps, limits: ApiLimits): void => {
  const outboxes = new Set<StreamOutbox>();
  app.get('/v1/stream', { websocket: true }, (socket: WebSocket) => serveStream(socket, deps, limits, outboxes));
};
