// One service replica -> the ContainerSpec the engine creates, as Compose builds it:
// labels, environment, ports, mounts (named volumes, binds, tmpfs, secrets, configs),
// healthcheck, restart policy, stop signal and grace period, resources, networks.

import { posix } from 'node:path';
import type { Project, Service, ServiceFileRef, ServiceVolume } from '@devup/schema';
import type { ContainerSpec } from '../engine/engine.js';
import type { DesiredNetwork, DesiredVolume } from './desired.js';
import { parseGoDurationNs, parseGoDurationSeconds } from './go-duration.js';
import { composeLabel, devupLabel, devupVersion, formatDependsOnLabel } from './labels.js';

export interface InjectedFile {
  /** Absolute path in the container. */
  path: string;
  content: string;
  mode: number;
  uid?: number;
  gid?: number;
}

interface SpecInput {
  project: Project;
  service: Service;
  number: number;
  imageRef: string;
  networks: DesiredNetwork[];
  volumes: DesiredVolume[];
  environment: Record<string, string | undefined>;
}

type Mount = ContainerSpec['host']['mounts'][number];

/** The network keys a service joins ("default" when it names none). */
export const serviceNetworkKeys = (service: Service): string[] => {
  const keys = Object.keys(service.networks);
  return keys.length === 0 ? ['default'] : keys;
};

export const containerNameFor = (projectName: string, service: Service, number: number): string =>
  service.container_name ?? `${projectName}-${service.name}-${number}`;

const restartPolicy = (restart: Service['restart']): ContainerSpec['host']['restartPolicy'] => {
  if (!restart) return { name: 'no' };
  const [name, retries] = restart.split(':');
  return { name: name ?? 'no', ...(retries ? { maximumRetryCount: Number(retries) } : {}) };
};

const healthcheck = (service: Service): ContainerSpec['healthcheck'] => {
  const check = service.healthcheck;
  if (!check) return undefined;
  if (check.disable) return { test: ['NONE'] };
  const ns = (value: string | undefined) => (value === undefined ? undefined : parseGoDurationNs(value));
  const result: NonNullable<ContainerSpec['healthcheck']> = { test: check.test ?? [] };
  const interval = ns(check.interval);
  const timeout = ns(check.timeout);
  const startPeriod = ns(check.start_period);
  const startInterval = ns(check.start_interval);
  if (interval !== undefined) result.intervalNs = interval;
  if (timeout !== undefined) result.timeoutNs = timeout;
  if (startPeriod !== undefined) result.startPeriodNs = startPeriod;
  if (startInterval !== undefined) result.startIntervalNs = startInterval;
  if (check.retries !== undefined) result.retries = check.retries;
  return result;
};

const volumeMount = (volume: ServiceVolume, volumes: DesiredVolume[]): { bind?: string; mount?: Mount } => {
  switch (volume.type) {
    case 'bind':
      if (volume.bind.create_host_path) {
        return { bind: `${volume.source}:${volume.target}${volume.read_only ? ':ro' : ''}` };
      }
      return {
        mount: { type: 'bind', source: volume.source, target: volume.target, readOnly: volume.read_only ?? false },
      };
    case 'volume': {
      const named =
        volume.source === undefined ? undefined : volumes.find((candidate) => candidate.key === volume.source);
      const source = named?.name ?? volume.source;
      return {
        mount: {
          type: 'volume',
          ...(source !== undefined ? { source } : {}),
          target: volume.target,
          readOnly: volume.read_only ?? false,
          ...(volume.volume?.nocopy ? { noCopy: true } : {}),
        },
      };
    }
    case 'tmpfs':
      return {
        mount: {
          type: 'tmpfs',
          target: volume.target,
          readOnly: volume.read_only ?? false,
          ...(volume.tmpfs?.size !== undefined ? { tmpfsSizeBytes: volume.tmpfs.size } : {}),
          ...(volume.tmpfs?.mode !== undefined ? { tmpfsMode: volume.tmpfs.mode } : {}),
        },
      };
  }
};

/** Secrets and configs as Compose mounts them: file sources bind-mounted read-only, others copied in. */
const fileObjectMounts = (
  refs: ServiceFileRef[],
  objects: Project['secrets'],
  targetFor: (ref: ServiceFileRef) => string,
  environment: SpecInput['environment'],
): { binds: string[]; files: InjectedFile[] } => {
  const binds: string[] = [];
  const files: InjectedFile[] = [];
  for (const ref of refs) {
    const object = objects[ref.source];
    if (!object) continue;
    const target = targetFor(ref);
    if (object.file !== undefined) {
      binds.push(`${object.file}:${target}:ro`);
      continue;
    }
    const content = object.content ?? (object.environment !== undefined ? environment[object.environment] : undefined);
    if (content === undefined) continue;
    files.push({
      path: target,
      content,
      mode: ref.mode ?? 0o444,
      ...(ref.uid !== undefined ? { uid: Number(ref.uid) } : {}),
      ...(ref.gid !== undefined ? { gid: Number(ref.gid) } : {}),
    });
  }
  return { binds, files };
};

export const containerSpecFor = (
  input: SpecInput,
): {
  name: string;
  spec: ContainerSpec;
  extraNetworks: { name: string; aliases: string[] }[];
  files: InjectedFile[];
} => {
  const { project, service, number } = input;
  const name = containerNameFor(project.name, service, number);
  const mounts = service.volumes.map((volume) => volumeMount(volume, input.volumes));
  const secrets = fileObjectMounts(
    service.secrets,
    project.secrets,
    (ref) => posix.resolve('/run/secrets', ref.target ?? ref.source),
    input.environment,
  );
  const configs = fileObjectMounts(
    service.configs,
    project.configs,
    (ref) => posix.resolve('/', ref.target ?? ref.source),
    input.environment,
  );

  const portBindings: ContainerSpec['host']['portBindings'] = {};
  const exposedPorts = new Set<string>();
  for (const port of service.ports) {
    const key = `${port.target}/${port.protocol}`;
    exposedPorts.add(key);
    (portBindings[key] ??= []).push({ hostIp: port.host_ip ?? '', hostPort: port.published ?? '' });
  }
  for (const expose of service.expose) exposedPorts.add(expose.includes('/') ? expose : `${expose}/tcp`);

  const joined = serviceNetworkKeys(service)
    .map((key) => ({
      key,
      settings: service.networks[key] ?? null,
      network: input.networks.find((network) => network.key === key),
    }))
    .sort((a, b) => (b.settings?.priority ?? 0) - (a.settings?.priority ?? 0) || a.key.localeCompare(b.key))
    .flatMap(({ settings, network }) =>
      network ? [{ name: network.name, aliases: [service.name, ...(settings?.aliases ?? [])] }] : [],
    );

  const labels: Record<string, string> = {
    ...service.labels,
    [composeLabel.project]: project.name,
    [composeLabel.service]: service.name,
    [composeLabel.containerNumber]: String(number),
    [composeLabel.oneoff]: 'False',
    [composeLabel.workingDir]: project.working_dir,
    [composeLabel.configFiles]: project.config_files.join(','),
    [composeLabel.version]: devupVersion,
    [composeLabel.dependsOn]: formatDependsOnLabel(service.depends_on),
    [devupLabel.managed]: 'true',
    [devupLabel.version]: devupVersion,
  };
  const stopGraceSeconds =
    service.stop_grace_period === undefined ? undefined : parseGoDurationSeconds(service.stop_grace_period);
  if (stopGraceSeconds !== undefined) labels[devupLabel.stopGraceSeconds] = String(stopGraceSeconds);
  const check = healthcheck(service);
  const [firstNetwork, ...extraNetworks] = joined;

  const spec: ContainerSpec = {
    name,
    image: input.imageRef,
    labels,
    ...(service.command ? { command: service.command } : {}),
    ...(service.entrypoint ? { entrypoint: service.entrypoint } : {}),
    env: Object.entries(service.environment)
      .filter((entry): entry is [string, string] => entry[1] !== null)
      .map(([key, value]) => `${key}=${value}`),
    ...(service.working_dir ? { workingDir: service.working_dir } : {}),
    ...(service.user ? { user: service.user } : {}),
    ...(service.hostname ? { hostname: service.hostname } : {}),
    tty: service.tty ?? false,
    openStdin: service.stdin_open ?? false,
    ...(service.stop_signal ? { stopSignal: service.stop_signal } : {}),
    ...(stopGraceSeconds !== undefined ? { stopTimeoutSeconds: stopGraceSeconds } : {}),
    ...(check ? { healthcheck: check } : {}),
    exposedPorts: [...exposedPorts],
    host: {
      binds: [...mounts.flatMap((entry) => (entry.bind ? [entry.bind] : [])), ...secrets.binds, ...configs.binds],
      mounts: mounts.flatMap((entry) => (entry.mount ? [entry.mount] : [])),
      portBindings,
      restartPolicy: restartPolicy(service.restart),
      ...(service.init !== undefined ? { init: service.init } : {}),
      extraHosts: service.extra_hosts.map((entry) => entry.replace('=', ':')),
      ...(service.resources?.memory !== undefined ? { memoryBytes: service.resources.memory } : {}),
      ...(service.resources?.cpus !== undefined ? { nanoCpus: Math.round(Number(service.resources.cpus) * 1e9) } : {}),
      ...(service.resources?.pids !== undefined ? { pidsLimit: service.resources.pids } : {}),
    },
    ...(firstNetwork ? { network: firstNetwork } : {}),
  };
  return { name, spec, extraNetworks, files: [...secrets.files, ...configs.files] };
};
