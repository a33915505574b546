// The model of one service: the canonical tree's service entry -> the typed Service, with
// its build, ports, volumes, dependencies, healthcheck, networks, secrets and configs,
// watch rules and x-dev reload recipes.
import type {
  Build,
  Dependency,
  Healthcheck,
  Port,
  ReloadRecipe,
  Service,
  ServiceFileRef,
  ServiceNetwork,
  ServiceVolume,
  WatchRule,
} from '../../model.js';
import { type Tree, type TreeMap, isList, isMap } from '../../tree.js';
import {
  assign,
  commandOf,
  extensionsOf,
  modeOf,
  nullableStringMap,
  numberOf,
  optionalBoolean,
  stringList,
  stringMap,
  text,
} from './tree-values.js';

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

export const serviceOf = (name: string, value: TreeMap): Service => {
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
