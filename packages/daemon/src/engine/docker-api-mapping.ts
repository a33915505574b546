// Pure translations between our engine types and the Docker Engine API's JSON bodies
// (API 1.41). Kept apart from the adapter so the adapter only does I/O.

import type { ContainerSpec, ContainerSummary, Labels } from './engine.js';

type Json = Record<string, unknown>;
type PortProtocol = ContainerSummary['ports'][number]['protocol'];

const asProtocol = (value: unknown): PortProtocol => (value === 'udp' || value === 'sctp' ? value : 'tcp');

/** The body of POST /containers/create. */
export const toCreateContainerBody = (spec: ContainerSpec): Json => {
  const healthcheck = spec.healthcheck;
  return {
    name: spec.name,
    Image: spec.image,
    Labels: spec.labels,
    Cmd: spec.command,
    Entrypoint: spec.entrypoint,
    Env: spec.env,
    WorkingDir: spec.workingDir,
    User: spec.user,
    Hostname: spec.hostname,
    Tty: spec.tty,
    OpenStdin: spec.openStdin,
    AttachStdin: false,
    AttachStdout: true,
    AttachStderr: true,
    StopSignal: spec.stopSignal,
    StopTimeout: spec.stopTimeoutSeconds,
    Healthcheck: healthcheck && {
      Test: healthcheck.test,
      Interval: healthcheck.intervalNs,
      Timeout: healthcheck.timeoutNs,
      StartPeriod: healthcheck.startPeriodNs,
      StartInterval: healthcheck.startIntervalNs,
      Retries: healthcheck.retries,
    },
    ExposedPorts: Object.fromEntries(spec.exposedPorts.map((port) => [port, {}])),
    HostConfig: {
      Binds: spec.host.binds,
      Mounts: spec.host.mounts.map((mount) => ({
        Type: mount.type,
        Source: mount.source,
        Target: mount.target,
        ReadOnly: mount.readOnly,
        ...(mount.type === 'tmpfs' ? { TmpfsOptions: { SizeBytes: mount.tmpfsSizeBytes, Mode: mount.tmpfsMode } } : {}),
        ...(mount.type === 'volume' && mount.noCopy ? { VolumeOptions: { NoCopy: true } } : {}),
      })),
      PortBindings: Object.fromEntries(
        Object.entries(spec.host.portBindings).map(([port, bindings]) => [
          port,
          bindings.map((binding) => ({ HostIp: binding.hostIp, HostPort: binding.hostPort })),
        ]),
      ),
      RestartPolicy: spec.host.restartPolicy && {
        Name: spec.host.restartPolicy.name,
        MaximumRetryCount: spec.host.restartPolicy.maximumRetryCount,
      },
      Init: spec.host.init,
      ExtraHosts: spec.host.extraHosts,
      Memory: spec.host.memoryBytes,
      NanoCpus: spec.host.nanoCpus,
      PidsLimit: spec.host.pidsLimit,
    },
    NetworkingConfig: spec.network && {
      EndpointsConfig: { [spec.network.name]: { Aliases: spec.network.aliases } },
    },
  };
};

const healthFromStatusText = (status: string): ContainerSummary['health'] => {
  if (status.includes('(healthy)')) return 'healthy';
  if (status.includes('(unhealthy)')) return 'unhealthy';
  if (status.includes('(health: starting)')) return 'starting';
  return undefined;
};

/** One entry of GET /containers/json. Restart count is not listed; inspect for it. */
export const summaryFromListEntry = (entry: Json): ContainerSummary => {
  const status = String(entry['Status'] ?? '');
  const exited = /^Exited \((-?\d+)\)/.exec(status);
  const names = (entry['Names'] as string[] | undefined) ?? [];
  const ports = ((entry['Ports'] as Json[] | undefined) ?? [])
    .filter((port) => port['PublicPort'] !== undefined)
    .map((port) => ({
      hostIp: String(port['IP'] ?? ''),
      hostPort: Number(port['PublicPort']),
      containerPort: Number(port['PrivatePort']),
      protocol: asProtocol(port['Type']),
    }));
  const health = healthFromStatusText(status);
  return {
    id: String(entry['Id']),
    name: (names[0] ?? '').replace(/^\//, ''),
    image: String(entry['Image'] ?? ''),
    imageId: String(entry['ImageID'] ?? ''),
    labels: (entry['Labels'] as Labels | undefined) ?? {},
    state: String(entry['State'] ?? ''),
    ...(health ? { health } : {}),
    ...(exited ? { exitCode: Number(exited[1]) } : {}),
    restartCount: 0,
    ports,
  };
};

const isRealTime = (value: unknown): value is string => typeof value === 'string' && !value.startsWith('0001-');

/** The body of GET /containers/{id}/json. */
export const summaryFromInspect = (body: Json): ContainerSummary => {
  const state = (body['State'] as Json | undefined) ?? {};
  const config = (body['Config'] as Json | undefined) ?? {};
  const networkSettings = (body['NetworkSettings'] as Json | undefined) ?? {};
  const portMap = (networkSettings['Ports'] as Record<string, Json[] | null> | undefined) ?? {};
  const ports = Object.entries(portMap).flatMap(([key, bindings]) => {
    const [containerPort, protocol] = key.split('/');
    return (bindings ?? []).map((binding) => ({
      hostIp: String(binding['HostIp'] ?? ''),
      hostPort: Number(binding['HostPort']),
      containerPort: Number(containerPort),
      protocol: asProtocol(protocol),
    }));
  });
  const healthStatus = (state['Health'] as Json | undefined)?.['Status'];
  const status = String(state['Status'] ?? '');
  return {
    id: String(body['Id']),
    name: String(body['Name'] ?? '').replace(/^\//, ''),
    image: String(config['Image'] ?? ''),
    imageId: String(body['Image'] ?? ''),
    labels: (config['Labels'] as Labels | null | undefined) ?? {},
    state: status,
    ...(healthStatus === 'starting' || healthStatus === 'healthy' || healthStatus === 'unhealthy'
      ? { health: healthStatus }
      : {}),
    ...(status === 'exited' || status === 'dead' ? { exitCode: Number(state['ExitCode'] ?? 0) } : {}),
    oomKilled: Boolean(state['OOMKilled']),
    restartCount: Number(body['RestartCount'] ?? 0),
    ...(isRealTime(state['StartedAt']) ? { startedAt: state['StartedAt'] } : {}),
    ...(isRealTime(state['FinishedAt']) ? { finishedAt: state['FinishedAt'] } : {}),
    ports,
  };
};

/** Label filters in the engine's query form. */
export const labelFilters = (filterLabels: Labels): { label: string[] } => ({
  label: Object.entries(filterLabels).map(([key, value]) => (value === '' ? key : `${key}=${value}`)),
});

/** CPU percent as `docker stats` computes it, from one stats sample. */
export const cpuPercentFromStats = (stats: Json): number => {
  const cpu = (stats['cpu_stats'] as Json | undefined) ?? {};
  const precpu = (stats['precpu_stats'] as Json | undefined) ?? {};
  const total = (cpuStats: Json): number => Number((cpuStats['cpu_usage'] as Json | undefined)?.['total_usage'] ?? 0);
  const cpuDelta = total(cpu) - total(precpu);
  const systemDelta = Number(cpu['system_cpu_usage'] ?? 0) - Number(precpu['system_cpu_usage'] ?? 0);
  const onlineCpus = Number(cpu['online_cpus'] ?? 1);
  if (cpuDelta <= 0 || systemDelta <= 0) return 0;
  return (cpuDelta / systemDelta) * onlineCpus * 100;
};

/** Memory as `docker stats` shows it: usage minus page cache. */
export const memoryBytesFromStats = (stats: Json): number => {
  const memory = (stats['memory_stats'] as Json | undefined) ?? {};
  const detail = (memory['stats'] as Json | undefined) ?? {};
  const cache = Number(detail['inactive_file'] ?? detail['total_inactive_file'] ?? detail['cache'] ?? 0);
  return Math.max(0, Number(memory['usage'] ?? 0) - cache);
};
