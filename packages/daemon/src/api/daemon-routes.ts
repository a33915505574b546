// The daemon's own routes: its status, and a stop request.

import type { FastifyInstance } from 'fastify';
import type { ApiDeps } from './api-deps.js';

export const registerDaemonRoutes = (app: FastifyInstance, deps: ApiDeps): void => {
  app.get('/v1/daemon/status', async () => deps.daemonStatus());
  app.post('/v1/daemon/stop', async (_request, reply) => {
    reply.raw.once('finish', () => deps.requestShutdown());
    return { stopping: true };
  });
};
