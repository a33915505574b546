// The API: a fastify app built by a factory that never listens. The daemon listens on
// the unix socket; tests call `inject` and `injectWS`.

import websocket from '@fastify/websocket';
import { fastify, type FastifyInstance } from 'fastify';
import { DevError } from '../projects/dev-error.js';
import { type AccessPolicy, checkAccess } from '../security/access-policy.js';
import { answerClientError } from '../security/client-error.js';
import { type ApiDeps, defaultApiLimits } from './api-deps.js';
import { registerDaemonRoutes } from './daemon-routes.js';
import { errorBody, replyError } from './error-reply.js';
import { registerExecRoute } from './exec-route.js';
import { registerProjectRoutes } from './project-routes.js';
import { registerStreamRoute } from './stream-route.js';
import { routeStreamUpgrades } from './stream-upgrades.js';

export const buildApp = async (deps: ApiDeps): Promise<FastifyInstance> => {
  const limits = { ...defaultApiLimits, ...deps.limits };
  const log = deps.log.child('api');
  const app = fastify({
    logger: false,
    bodyLimit: limits.bodyBytes,
    return503OnClosing: true,
    clientErrorHandler: answerClientError,
  });

  await app.register(websocket, {
    options: { maxPayload: Math.max(limits.frameBytes, limits.bodyBytes) * 2 },
    errorHandler: (error, socket) => {
      log.warn({ error: String(error) }, 'websocket handler failed');
      socket.terminate();
    },
  });

  // Browsers' cross-origin requests and websocket upgrades are refused (see security/access-policy.ts).
  // Added after the websocket plugin so its hook marks upgrades first and a refused upgrade's socket is closed.
  const access: AccessPolicy = deps.access ?? { transport: 'unix' };
  app.addHook('onRequest', async (request) => {
    const refusal = checkAccess(access, request.headers);
    if (refusal !== undefined) throw new DevError(refusal.code, refusal.message);
  });
  if (deps.streamHandoff !== undefined) routeStreamUpgrades(app.server, access, deps.streamHandoff);

  // Commands in progress, for the daemon's status (a CLI of another build restarts devd only when none runs).
  const inProgress = deps.inProgress;
  if (inProgress !== undefined) {
    const isCommand = (method: string, url: string): boolean => method === 'POST' && url.startsWith('/v1/projects/');
    app.addHook('onRequest', async (request) => {
      if (isCommand(request.method, request.url)) inProgress.commands += 1;
    });
    app.addHook('onResponse', async (request) => {
      if (isCommand(request.method, request.url)) inProgress.commands = Math.max(0, inProgress.commands - 1);
    });
  }

  app.setErrorHandler((error, _request, reply) => replyError(reply, error, log));
  app.setNotFoundHandler((request, reply) => {
    void reply
      .code(404)
      .send(errorBody('DEV_ERR_NOT_FOUND', `no route ${request.method} ${request.url.slice(0, 200)}`));
  });

  registerDaemonRoutes(app, deps);
  registerProjectRoutes(app, deps);
  if (deps.feeds !== undefined) registerStreamRoute(app, deps, deps.feeds, limits);
  registerExecRoute(app, deps, limits);
  await app.ready();
  return app;
};
