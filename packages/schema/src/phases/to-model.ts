// Phase 8, model: the canonical tree -> the typed Project the daemon runs. Keys Compose allows
// but devup does not apply are kept under `unapplied` (so `dev config` still prints them) and
// reported once each as a warning naming the key.
import type {
  Build,
  ConfigIssue,
  Dependency,
  FileObject,
  Healthcheck,
  Network,
  Port,
  Project,
  ReloadRecipe,
  Service,
  ServiceFileRef,
  ServiceNetwork,
  ServiceVolume,
  Volume,
  WatchRule,
} from '../model.js';
import { issueAt } from '../issues.js';
import type { SourceMap } from '../source-map.js';
import { type PathSegment, type Tree, type TreeMap, isList, isMap } from '../tree.js';

/** Keys devup applies, per place; `true` = the whole value, a nested table = per sub-key. */
interface Applied {
  [key: string]: true | Applied;
}

const serviceKeys: Applied = {
  name: true,
  image: true,
  build: { context: true, dockerfile: true, args: true, target: true, labels: true },
  command: true,
  entrypoint: true,
  environment: true,
  env_file: true,
  ports: true,
  expose: true,
  volumes: true,
  depends_on: true,
  healthcheck: true,
  restart: true,
  pull_policy: true,
  profiles: true,
  networks: true,
  labels: true,
  working_dir: true,
  user: true,
  stop_signal: true,
  stop_grace_period: true,
  init: true,
  tty: true,
  stdin_open: true,
  container_name: true,
  hostname: true,
  extra_hosts: true,
  secrets: true,
  configs: true,
  develop: true,
  deploy: { replicas: true, resources: { limits: true } },
  scale: true,
  'x-dev': true,
};

const topLevelKeys: Applied = {
  name: true,
  services: true,
  networks: true,
  volumes: true,
  secrets: true,
  configs: true,
  'x-dev': true,
};

const networkKeys: Applied = {
  name: true,
  driver: true,
  external: true,
  internal: true,
  attachable: true,
  labels: true,
  driver_opts: true,
};
const volumeKeys: Applied = { name: true, driver: true, external: true, labels: true, driver_opts: true };
const fileObjectKeys: Applied = { name: true, file: true, environment: true, content: true, external: true };

/** The part of `value` not covered by `applied` (undefined when nothing is left). */
const splitUnapplied = (
  value: TreeMap,
  applied: Applied,
  path: PathSegment[],
  found: Array<PathSegment[]>,
): TreeMap | undefined => {
  const rest: TreeMap = {};
  for (const [key, entry] of Object.entries(value)) {
    if (key.startsWith('x-')) continue;
    const rule = applied[key];
    if (rule === true) continue;
    if (rule === undefined || !isMap(entry)) {
      if (rule === undefined) {
        rest[key] = entry;
        found.push([...path, key]);
      }
      continue;
    }
    const nested = splitUnapplied(entry, rule, [...path, key], found);
    if (nested !== undefined) rest[key] = nested;
  }
  return Object.keys(rest).length === 0 ? undefined : rest;
};

const extensionsOf = (value: TreeMap): Record<string, unknown> =>
  Object.fromEntries(Object.entries(value).filter(([key]) => key.startsWith('x-') && key !== 'x-dev'));

const text = (value: Tree | undefined): string | undefined =>
  value === undefined || value === null ? undefined : typeof value === 'object' ? JSON.stringify(value) : String(value);

const stringMap = (value: Tree | undefined): Record<string, string> => {
  if (!isMap(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([key, entry]) => [key, text(entry) ?? '']));
};

const nullableStringMap = (value: Tree | undefined): Record<string, string | null> => {
  if (!isMap(value)) return {};
  return Object.fromEntries(
    Object.entries(value).map(([key, entry]) => [key, entry === null ? null : (text(entry) ?? '')]),
  );
};

const stringList = (value: Tree | undefined): string[] =>
  isList(value) ? value.map((entry) => text(entry) ?? '') : [];

const commandOf = (value: Tree | undefined): string[] | null | undefined => {
  if (value === undefined) return undefined;
  if (value === null) return null;
  return isList(value) ? stringList(value) : [String(value)];
};

const optionalBoolean = (value: Tree | undefined): boolean | undefined =>
  typeof value === 'boolean' ? value : undefined;

const numberOf = (value: Tree | undefined): number | undefined => {
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return undefined;
};

const modeOf = (value: Tree | undefined): number | undefined =>
  typeof value === 'string' ? Number.parseInt(value, 8) : typeof value === 'number' ? value : undefined;

const assign = <T extends object, K extends keyof T>(target: T, key: K, value: T[K] | undefined): void => {
  if (value !== undefined) target[key] = value;
};

const buildOf = (value: Tree | undefined): Build | undefined => {
  if (!isMap(value)) return undefined;
  const build: Build = {
    context: text(value.context) ?? '.',
    dockerfile: text(value.dockerfile) ?? 'Dockerfile',
    args: nullableStringMap(value.args),
    labels: stringMap(value.labels),
  };
  assign(build, 'target', text(value.target));
  return build;
};

const portOf = (value: Tree): Port | undefined => {
  if (!isMap(value) || typeof value.target !== 'number') return undefined;
  const port: Port = {
    mode: value.mode === 'host' ? 'host' : 'ingress',
    target: value.target,
    protocol: value.protocol === 'udp' ? 'udp' : value.protocol === 'sctp' ? 'sctp' : 'tcp',
  };
  assign(port, 'host_ip', text(value.host_ip));
  assign(port, 'published', text(value.published));
  assign(port, 'name', text(value.name));
  assign(port, 'app_protocol', text(value.app_protocol));
  return port;
};

const volumeOf = (value: Tree): ServiceVolume | undefined => {
  if (!isMap(value)) return undefined;
  const target = text(value.target) ?? '';
  const readOnly = optionalBoolean(value.read_only);
  const withReadOnly = <T extends object>(volume: T): T =>
    readOnly === undefined ? volume : { ...volume, read_only: readOnly };
  if (value.type === 'bind') {
    const options = isMap(value.bind) ? value.bind : {};
    const bind: { create_host_path: boolean; propagation?: string; selinux?: string } = {
      create_host_path: options.create_host_path === true,
    };
    assign(bind, 'propagation', text(options.propagation));
    assign(bind, 'selinux', text(options.selinux));
    return withReadOnly<ServiceVolume>({ type: 'bind', source: text(value.source) ?? '', target, bind });
  }
  if (value.type === 'tmpfs') {
    const options = isMap(value.tmpfs) ? value.tmpfs : undefined;
    const volume: ServiceVolume = { type: 'tmpfs', target };
    if (options !== undefined) {
      const tmpfs: { size?: number; mode?: number } = {};
      assign(tmpfs, 'size', numberOf(options.size));
      assign(tmpfs, 'mode', modeOf(options.mode));
      volume.tmpfs = tmpfs;
    }
    return withReadOnly(volume);
  }
  const volume: ServiceVolume = { type: 'volume', target };
  assign(volume, 'source', text(value.source));
  if (isMap(value.volume)) {
    const options: { nocopy?: boolean; subpath?: string } = {};
    assign(options, 'nocopy', optionalBoolean(value.volume.nocopy));
    assign(options, 'subpath', text(value.volume.subpath));
    volume.volume = options;
  }
  return withReadOnly(volume);
};

const dependencyOf = (value: Tree): Dependency => {
  const entry = isMap(value) ? value : {};
  const condition = entry.condition;
  const dependency: Dependency = {
    condition:
      condition === 'service_healthy' || condition === 'service_completed_successfully' ? condition : 'service_started',
    required: entry.required !== false,
  };
  assign(dependency, 'restart', optionalBoolean(entry.restart));
  return dependency;
};

const healthcheckOf = (value: Tree | undefined): Healthcheck | undefined => {
  if (!isMap(value)) return undefined;
  const healthcheck: Healthcheck = {};
  if (isList(value.test)) healthcheck.test = stringList(value.test);
  assign(healthcheck, 'interval', text(value.interval));
  assign(healthcheck, 'timeout', text(value.timeout));
  assign(healthcheck, 'start_period', text(value.start_period));
  assign(healthcheck, 'start_interval', text(value.start_interval));
  assign(healthcheck, 'retries', numberOf(value.retries));
  assign(healthcheck, 'disable', optionalBoolean(value.disable));
  return healthcheck;
};

const serviceNetworkOf = (value: Tree): ServiceNetwork | null => {
  if (!isMap(value)) return null;
  const network: ServiceNetwork = {};
  if (isList(value.aliases)) network.aliases = stringList(value.aliases);
  assign(network, 'ipv4_address', text(value.ipv4_address));
  assign(network, 'ipv6_address', text(value.ipv6_address));
  assign(network, 'priority', numberOf(value.priority));
  return network;
};

const fileRefOf = (value: Tree): ServiceFileRef => {
  const entry = isMap(value) ? value : {};
  const reference: ServiceFileRef = { source: text(entry.source) ?? '' };
  assign(reference, 'target', text(entry.target));
  assign(reference, 'uid', text(entry.uid));
  assign(reference, 'gid', text(entry.gid));
  assign(reference, 'mode', modeOf(entry.mode));
  return reference;
};

const watchRuleOf = (value: Tree): WatchRule | undefined => {
  if (!isMap(value)) return undefined;
  const rule: WatchRule = {
    action: (text(value.action) ?? 'sync') as WatchRule['action'],
    path: text(value.path) ?? '',
    ignore: stringList(value.ignore),
    include: stringList(value.include),
  };
  assign(rule, 'target', text(value.target));
  assign(rule, 'initial_sync', optionalBoolean(value.initial_sync));
  if (isMap(value.exec)) {
    const exec: NonNullable<WatchRule['exec']> = { command: commandOf(value.exec.command) ?? [] };
    assign(exec, 'user', text(value.exec.user));
    assign(exec, 'privileged', optionalBoolean(value.exec.privileged));
    assign(exec, 'working_dir', text(value.exec.working_dir));
    if (value.exec.environment !== undefined) exec.environment = stringMap(value.exec.environment);
    rule.exec = exec;
  }
  return rule;
};

const reloadRecipeOf = (value: Tree): ReloadRecipe | undefined => {
  if (!isMap(value)) return undefined;
  const path = text(value.path);
  if (value.signal !== undefined) return { ...(path === undefined ? {} : { path }), signal: text(value.signal) ?? '' };
  const exec = typeof value.exec === 'string' ? ['/bin/sh', '-c', value.exec] : stringList(value.exec);
  const user = text(value.user);
  return { ...(path === undefined ? {} : { path }), exec, ...(user === undefined ? {} : { user }) };
};

const serviceOf = (name: string, value: TreeMap): Service => {
  const deploy = isMap(value.deploy) ? value.deploy : {};
  const limits = isMap(deploy.resources) && isMap(deploy.resources.limits) ? deploy.resources.limits : undefined;
  const dev = isMap(value['x-dev']) ? value['x-dev'] : {};
  const develop = isMap(value.develop) ? value.develop : undefined;
  const service: Service = {
    name,
    environment: nullableStringMap(value.environment),
    ports: (isList(value.ports) ? value.ports : []).flatMap((entry) => portOf(entry) ?? []),
    expose: stringList(value.expose),
    volumes: (isList(value.volumes) ? value.volumes : []).flatMap((entry) => volumeOf(entry) ?? []),
    depends_on: Object.fromEntries(
      Object.entries(isMap(value.depends_on) ? value.depends_on : {}).map(([key, entry]) => [key, dependencyOf(entry)]),
    ),
    profiles: stringList(value.profiles),
    networks: Object.fromEntries(
      Object.entries(isMap(value.networks) ? value.networks : {}).map(([key, entry]) => [key, serviceNetworkOf(entry)]),
    ),
    labels: stringMap(value.labels),
    extra_hosts: stringList(value.extra_hosts),
    secrets: (isList(value.secrets) ? value.secrets : []).map(fileRefOf),
    configs: (isList(value.configs) ? value.configs : []).map(fileRefOf),
    replicas: numberOf(deploy.replicas) ?? numberOf(value.scale) ?? 1,
    extensions: extensionsOf(value),
    dev: {
      reload: (isList(dev.reload) ? dev.reload : []).flatMap((entry) => reloadRecipeOf(entry) ?? []),
      restart_on: stringList(dev.restart_on),
    },
  };
  assign(service, 'image', text(value.image));
  assign(service, 'build', buildOf(value.build));
  const command = commandOf(value.command);
  if (command !== undefined) service.command = command;
  const entrypoint = commandOf(value.entrypoint);
  if (entrypoint !== undefined) service.entrypoint = entrypoint;
  assign(service, 'healthcheck', healthcheckOf(value.healthcheck));
  assign(service, 'restart', text(value.restart) as Service['restart'] | undefined);
  assign(service, 'pull_policy', text(value.pull_policy));
  assign(service, 'working_dir', text(value.working_dir));
  assign(service, 'user', text(value.user));
  assign(service, 'stop_signal', text(value.stop_signal));
  assign(service, 'stop_grace_period', text(value.stop_grace_period));
  assign(service, 'init', optionalBoolean(value.init));
  assign(service, 'tty', optionalBoolean(value.tty));
  assign(service, 'stdin_open', optionalBoolean(value.stdin_open));
  assign(service, 'container_name', text(value.container_name));
  assign(service, 'hostname', text(value.hostname));
  if (develop !== undefined) {
    service.develop = {
      watch: (isList(develop.watch) ? develop.watch : []).flatMap((entry) => watchRuleOf(entry) ?? []),
    };
  }
  if (limits !== undefined) {
    const resources: NonNullable<Service['resources']> = {};
    assign(resources, 'cpus', text(limits.cpus));
    assign(resources, 'memory', numberOf(limits.memory));
    assign(resources, 'pids', numberOf(limits.pids));
    service.resources = resources;
  }
  return service;
};

const networkOf = (value: Tree): Network => {
  const entry = isMap(value) ? value : {};
  const network: Network = { name: text(entry.name) ?? '', labels: stringMap(entry.labels) };
  assign(network, 'driver', text(entry.driver));
  assign(network, 'external', optionalBoolean(entry.external));
  assign(network, 'internal', optionalBoolean(entry.internal));
  assign(network, 'attachable', optionalBoolean(entry.attachable));
  if (isMap(entry.driver_opts)) network.driver_opts = stringMap(entry.driver_opts);
  return network;
};

const volumeObjectOf = (value: Tree): Volume => {
  const entry = isMap(value) ? value : {};
  const volume: Volume = { name: text(entry.name) ?? '', labels: stringMap(entry.labels) };
  assign(volume, 'driver', text(entry.driver));
  assign(volume, 'external', optionalBoolean(entry.external));
  if (isMap(entry.driver_opts)) volume.driver_opts = stringMap(entry.driver_opts);
  return volume;
};

const fileObjectOf = (value: Tree): FileObject => {
  const entry = isMap(value) ? value : {};
  const object: FileObject = { name: text(entry.name) ?? '' };
  assign(object, 'file', text(entry.file));
  assign(object, 'environment', text(entry.environment));
  assign(object, 'content', text(entry.content));
  assign(object, 'external', optionalBoolean(entry.external));
  return object;
};

export interface ModelInput {
  tree: TreeMap;
  sourceMap: SourceMap;
  workingDir: string;
  configFiles: string[];
  production: string[];
  profiles: string[];
}

export interface ModelOutput {
  project: Project;
  warnings: ConfigIssue[];
}

export const buildProject = ({
  tree,
  sourceMap,
  workingDir,
  configFiles,
  production,
  profiles,
}: ModelInput): ModelOutput => {
  const found: Array<PathSegment[]> = [];
  const mapOf = <T>(value: Tree | undefined, convert: (entry: Tree, key: string) => T): Record<string, T> =>
    Object.fromEntries(Object.entries(isMap(value) ? value : {}).map(([key, entry]) => [key, convert(entry, key)]));
  const unapplied: TreeMap = {};
  const keep = (section: string, name: string, rest: TreeMap | undefined): void => {
    if (rest === undefined) return;
    const entries = isMap(unapplied[section]) ? unapplied[section] : {};
    entries[name] = rest;
    unapplied[section] = entries;
  };
  const withUnapplied = <T>(
    section: string,
    keys: Applied,
    convert: (entry: Tree, name: string) => T,
  ): Record<string, T> =>
    mapOf(tree[section], (entry, name) => {
      keep(section, name, isMap(entry) ? splitUnapplied(entry, keys, [section, name], found) : undefined);
      return convert(entry, name);
    });
  const services = mapOf(tree.services, (entry, name) => {
    const definition = isMap(entry) ? entry : {};
    const service = serviceOf(name, definition);
    const rest = splitUnapplied(definition, serviceKeys, ['services', name], found);
    if (rest !== undefined) service.unapplied = rest;
    return service;
  });
  const project: Project = {
    name: text(tree.name) ?? '',
    working_dir: workingDir,
    config_files: configFiles,
    services,
    networks: withUnapplied('networks', networkKeys, networkOf),
    volumes: withUnapplied('volumes', volumeKeys, volumeObjectOf),
    secrets: withUnapplied('secrets', fileObjectKeys, fileObjectOf),
    configs: withUnapplied('configs', fileObjectKeys, fileObjectOf),
    profiles_enabled: profiles,
    extensions: extensionsOf(tree),
    dev: { production },
  };
  Object.assign(unapplied, splitUnapplied(tree, topLevelKeys, [], found) ?? {});
  if (Object.keys(unapplied).length > 0) project.unapplied = unapplied;
  const reported = new Set<string>();
  const warnings: ConfigIssue[] = [];
  for (const path of found) {
    const pattern = path.map((segment, index) => (index === 1 && path.length > 2 ? '*' : String(segment))).join('.');
    if (reported.has(pattern)) continue;
    reported.add(pattern);
    warnings.push(
      issueAt(sourceMap.locateKey(path), path, {
        code: 'not-applied',
        severity: 'warning',
        message:
          path.length === 1 && path[0] === 'version'
            ? 'the "version" key is obsolete and ignored'
            : 'valid Compose, but devup does not apply it (kept in the configuration, ignored when running)',
      }),
    );
  }
  return { project, warnings };
};
