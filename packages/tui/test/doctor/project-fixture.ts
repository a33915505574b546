// Small builders for normalized projects in the doctor's unit tests.
import type { Project, Service } from '@devup/schema';

export const makeService = (name: string, fields: Partial<Service> = {}): Service => ({
  name,
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

export const makeProject = (services: Service[], fields: Partial<Project> = {}): Project => ({
  name: 'shop',
  working_dir: '/src/shop',
  config_files: ['/src/shop/compose.yaml'],
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
