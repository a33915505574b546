// The websocket stream route, /v1/stream, when devd serves it itself (stream-session.ts).

import type { FastifyInstance } from 'fastify';
import type { WebSocket } from '@fastify/websocket';
import type { FeedSource } from '../logs/log-plane.js';
import type { ApiDeps, ApiLimits } from './api-deps.js';
import { serveStream } from './stream-session.js';
import type { StreamOutbox } from './stream-outbox.js';

export const registerStreamRoute = (
  app: FastifyInstance,
  deps: ApiDeps,
  feeds: FeedSource,
  limits: ApiLimits,
): void => {
  const outboxes = new Set<StreamOutbox>();
  const streamDeps = { ...deps, feeds };
  app.get('/v1/stream', { websocket: true }, (socket: WebSocket) => serveStream(socket, streamDeps, limits, outboxes));
};
