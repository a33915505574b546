// Hand-built Projects for tests: a service with every field at its loader default, and
// a project around some services.

import type { Project, Service } from '@devup/schema';

export const makeService = (name: string, fields: Partial<Service> = {}): Service => ({
  name,
  image: `${name}:1`,
  environment: {},
  ports: [],
  expose: [],
  volumes: [],
  depends_on: {},
  profiles: [],
  networks: {},
  labels: {},
  extra_hosts: [],
  secrets: [],
  configs: [],
  replicas: 1,
  extensions: {},
  dev: { reload: [], restart_on: [] },
  ...fields,
});

export const makeProject = (name: string, services: Service[], fields: Partial<Project> = {}): Project => ({
  name,
  working_dir: `/work/${name}`,
  config_files: [`/work/${name}/compose.yaml`],
  services: Object.fromEntries(services.map((service) => [service.name, service])),
  networks: {},
  volumes: {},
  secrets: {},
  configs: {},
  profiles_enabled: [],
  extensions: {},
  dev: { production: [] },
  ...fields,
});

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
