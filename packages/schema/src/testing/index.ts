// Hand-built normalized projects for tests: a service with every field at its loader
// default, and a project around some services. Imported as `@devup/schema/testing`.

import type { Project, Service } from '../model.js';

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
