// REST routes for projects under /v1: the commands (bodies validated by hand) and reads
// of status and log history.

import type { FastifyInstance } from 'fastify';
import { DevError } from '../projects/dev-error.js';
import { parseTimeNs } from '../logs/log-time.js';
import type { ApiDeps } from './api-deps.js';
import type { Validation } from './validate-values.js';
import { parseDownRequest, parseServicesRequest, parseUpRequest } from './validate-values.js';

const accept = <T>(result: Validation<T>): T => {
  if (!result.ok) throw new DevError('DEV_ERR_BAD_REQUEST', result.message);
  return result.value;
};

const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,254}$/;

export interface LogsQuery {
  tail?: number;
  since?: string;
  after?: number;
  services: string[];
}

export const parseLogsQuery = (query: Record<string, unknown>): LogsQuery => {
  const single = (key: string): string | undefined => {
    const value = query[key];
    if (value === undefined) return undefined;
    if (typeof value !== 'string') throw new DevError('DEV_ERR_BAD_REQUEST', `${key}: give it once`);
    return value;
  };
  const wholeNumber = (key: string): number | undefined => {
    const value = single(key);
    if (value === undefined) return undefined;
    if (!/^\d{1,15}$/.test(value)) throw new DevError('DEV_ERR_BAD_REQUEST', `${key}: must be a whole number`);
    return Number(value);
  };
  const since = single('since');
  if (since !== undefined && parseTimeNs(since) === undefined)
    throw new DevError('DEV_ERR_BAD_REQUEST', 'since: must be an RFC 3339 time');
  const services = (single('services') ?? '').split(',').filter((name) => name !== '');
  for (const name of services)
    if (!NAME.test(name))
      throw new DevError('DEV_ERR_BAD_REQUEST', `services: "${name.slice(0, 64)}" is not a service name`);
  const tail = wholeNumber('tail');
  const after = wholeNumber('after');
  return {
    services,
    ...(tail !== undefined ? { tail } : {}),
    ...(since !== undefined ? { since } : {}),
    ...(after !== undefined ? { after } : {}),
  };
};

export const registerProjectRoutes = (app: FastifyInstance, deps: ApiDeps): void => {
  const { projects } = deps;
  app.post('/v1/projects/up', async (request) => projects.up(accept(parseUpRequest(request.body))));
  app.post('/v1/projects/plan', async (request) => projects.plan(accept(parseUpRequest(request.body))));
  app.post('/v1/projects/down', async (request) => projects.down(accept(parseDownRequest(request.body))));
  app.post('/v1/projects/stop', async (request) => projects.stop(accept(parseServicesRequest(request.body))));
  app.post('/v1/projects/start', async (request) => projects.start(accept(parseServicesRequest(request.body))));
  app.post('/v1/projects/restart', async (request) => projects.restart(accept(parseServicesRequest(request.body))));
  app.post('/v1/projects/build', async (request) => projects.build(accept(parseServicesRequest(request.body))));
  app.post('/v1/projects/rebuild', async (request) => {
    const body = accept(parseServicesRequest(request.body));
    if (projects.rebuild === undefined) throw new DevError('DEV_ERR_NOT_FOUND', 'rebuild is not available');
    return projects.rebuild(body);
  });

  app.get('/v1/projects', async () => ({ projects: deps.store.projects() }));

  app.get<{ Params: { name: string } }>('/v1/projects/:name/plan', async (request) => {
    if (!NAME.test(request.params.name)) throw new DevError('DEV_ERR_BAD_REQUEST', 'name: must be a project name');
    if (projects.planServed === undefined)
      throw new DevError('DEV_ERR_NOT_FOUND', 'plans of served projects are not available');
    return projects.planServed(request.params.name);
  });

  app.get<{ Params: { name: string } }>('/v1/projects/:name/status', async (request) => {
    const status = deps.store.project(request.params.name);
    if (status === undefined)
      throw new DevError('DEV_ERR_NOT_FOUND', `no project "${request.params.name.slice(0, 255)}" is served`);
    return status;
  });

  app.get<{ Params: { name: string }; Querystring: Record<string, unknown> }>(
    '/v1/projects/:name/logs',
    async (request) => {
      const query = parseLogsQuery(request.query);
      return deps.logs.read({ projectName: request.params.name, ...query });
    },
  );
};
