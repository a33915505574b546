// A hand-built four-service Project for the daemon's tests (from the schema's builders).

import type { Project } from '@devup/schema';
import { makeProject, makeService } from '@devup/schema/testing';

/** db (healthy-gated), cache, web (needs db healthy and cache started), worker (needs web). */
export const fourServiceProject = (name = 'shop'): Project =>
  makeProject(
    name,
    [
      makeService('db', {
        image: 'postgres:16',
        healthcheck: { test: ['CMD-SHELL', 'pg_isready'], interval: '1s', timeout: '500ms', retries: 5 },
        volumes: [{ type: 'volume', source: 'data', target: '/var/lib/postgresql/data' }],
        stop_grace_period: '20s',
      }),
      makeService('cache', { image: 'redis:7' }),
      makeService('web', {
        image: 'shop-web:dev',
        environment: { DEBUG: '0' },
        ports: [{ mode: 'ingress', target: 8000, published: '8000', protocol: 'tcp', host_ip: '127.0.0.1' }],
        depends_on: {
          db: { condition: 'service_healthy', required: true },
          cache: { condition: 'service_started', required: true },
        },
      }),
      makeService('worker', {
        image: 'shop-web:dev',
        depends_on: { web: { condition: 'service_started', required: true } },
      }),
    ],
    { volumes: { data: { name: `${name}_data`, labels: {} } } },
  );
