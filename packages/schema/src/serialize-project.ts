// What `dev config` prints: the project in Compose's own layout (the shape of
// `docker compose config`), secrets in environment values masked unless asked otherwise.
import type { Project, Service } from './model.js';
import { stringifyYaml } from './phases/parse.js';
import { maskVariable } from './secret-values.js';

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** `extra` merged into `base`, deeply (objects only). */
const deepMerge = (base: Json, extra: Json | undefined): Json => {
  if (extra === undefined) return base;
  const result: Json = { ...base };
  for (const [key, value] of Object.entries(extra)) {
    const existing = result[key];
    result[key] = isObject(existing) && isObject(value) ? deepMerge(existing, value) : value;
  }
  return result;
};

const withoutEmpty = (object: Json): Json =>
  Object.fromEntries(
    Object.entries(object).filter(
      ([, value]) =>
        value !== undefined &&
        !(Array.isArray(value) && value.length === 0) &&
        !(isObject(value) && Object.keys(value).length === 0),
    ),
  );

/** Build args hide their values like environment variables do. */
const maskArgs = <T extends Record<string, string | null> | undefined>(args: T, maskSecrets: boolean): T =>
  args === undefined || !maskSecrets
    ? args
    : (Object.fromEntries(Object.entries(args).map(([name, value]) => [name, maskVariable(name, value)])) as T);

const serviceDocument = (service: Service, maskSecrets: boolean): Json => {
  const environment = Object.fromEntries(
    Object.entries(service.environment).map(([name, value]) => [name, maskSecrets ? maskVariable(name, value) : value]),
  );
  const deploy: Json = {};
  if (service.replicas !== 1) deploy.replicas = service.replicas;
  if (service.resources !== undefined) {
    const { memory, ...limits } = service.resources;
    deploy.resources = {
      limits: withoutEmpty({ ...limits, ...(memory === undefined ? {} : { memory: String(memory) }) }),
    };
  }
  const volumes = service.volumes.map((volume) => {
    if (
      volume.type === 'bind' &&
      !volume.bind.create_host_path &&
      volume.bind.propagation === undefined &&
      volume.bind.selinux === undefined
    ) {
      const { bind: _bind, ...rest } = volume;
      return rest;
    }
    return volume;
  });
  const build =
    service.build === undefined
      ? undefined
      : withoutEmpty({
          ...service.build,
          args: maskArgs(service.build.args, maskSecrets),
          labels: service.build.labels,
        });
  const document: Json = {
    build,
    command: service.command,
    configs: service.configs,
    container_name: service.container_name,
    depends_on: service.depends_on,
    deploy,
    develop: service.develop,
    entrypoint: service.entrypoint,
    environment,
    expose: service.expose,
    extra_hosts: service.extra_hosts,
    healthcheck: service.healthcheck,
    hostname: service.hostname,
    image: service.image,
    init: service.init,
    labels: service.labels,
    networks: service.networks,
    ports: service.ports,
    profiles: service.profiles,
    pull_policy: service.pull_policy,
    restart: service.restart,
    secrets: service.secrets,
    stdin_open: service.stdin_open,
    stop_grace_period: service.stop_grace_period,
    stop_signal: service.stop_signal,
    tty: service.tty,
    user: service.user,
    volumes,
    working_dir: service.working_dir,
    ...service.extensions,
  };
  const dev = withoutEmpty({ reload: service.dev.reload, restart_on: service.dev.restart_on });
  if (Object.keys(dev).length > 0) document['x-dev'] = dev;
  return deepMerge(withoutEmpty(document), service.unapplied);
};

const sectionDocument = <T extends object>(section: Record<string, T>): Json =>
  Object.fromEntries(Object.entries(section).map(([key, definition]) => [key, withoutEmpty(definition as Json)]));

/** `$` written as `$$`, as Compose prints interpolated values so the output loads back unchanged. */
const escapeDollars = (value: unknown): unknown => {
  if (typeof value === 'string') return value.replaceAll('$', () => '$$');
  if (Array.isArray(value)) return value.map(escapeDollars);
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, escapeDollars(entry)]));
  return value;
};

/** The project as a plain Compose document. */
export const toComposeDocument = (project: Project, options: { maskSecrets?: boolean } = {}): Json => {
  const maskSecrets = options.maskSecrets ?? true;
  const services = Object.fromEntries(
    Object.entries(project.services).map(([name, service]) => [name, serviceDocument(service, maskSecrets)]),
  );
  const document: Json = withoutEmpty({
    name: project.name,
    services,
    networks: sectionDocument(project.networks),
    volumes: sectionDocument(project.volumes),
    secrets: sectionDocument(project.secrets),
    configs: sectionDocument(project.configs),
    ...project.extensions,
  });
  if (project.dev.production.length > 0) document['x-dev'] = { production: project.dev.production };
  return escapeDollars(deepMerge(document, project.unapplied)) as Json;
};

export const serializeProject = (
  project: Project,
  format: 'yaml' | 'json',
  options: { maskSecrets?: boolean } = {},
): string => {
  const document = toComposeDocument(project, options);
  return format === 'json' ? `${JSON.stringify(document, null, 2)}\n` : stringifyYaml(document);
};
