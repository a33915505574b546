// The public view of the status state: each service's ServiceStatus (state, health,
// ports as URLs, restarts, exit code, why it waits, crash loops) derived from its slot.

import type { ContainerSummary } from '../engine/engine.js';
import type { ProjectStatus, PublishedPort, ServiceState, ServiceStatus } from '../protocol/messages.js';
import { NUMBER_LABEL } from './compose-labels.js';
import { CRASH_LOOP_DIES, type ProjectSlot, type ServiceSlot } from './status-reducer.js';

const browseHost = (hostIp: string): string =>
  hostIp === '' || hostIp === '0.0.0.0' || hostIp === '::'
    ? '127.0.0.1'
    : hostIp.includes(':')
      ? `[${hostIp}]`
      : hostIp;

export const publishedPorts = (containers: ContainerSummary[]): PublishedPort[] => {
  const seen = new Set<string>();
  const ports: PublishedPort[] = [];
  for (const container of containers) {
    for (const port of container.ports) {
      const host = browseHost(port.hostIp);
      const key = `${host}:${port.hostPort}/${port.protocol}`;
      if (seen.has(key) || port.hostPort === 0) continue;
      seen.add(key);
      ports.push({ ...port, ...(port.protocol === 'tcp' ? { url: `http://${host}:${port.hostPort}` } : {}) });
    }
  }
  return ports.sort((a, b) => a.hostPort - b.hostPort);
};

const replicaOf = (container: ContainerSummary): number =>
  Number.parseInt(container.labels[NUMBER_LABEL] ?? '1', 10) || 1;

const containerState = (container: ContainerSummary, slot: ServiceSlot): ServiceState => {
  switch (container.state) {
    case 'running':
      if (container.health === 'healthy') return 'healthy';
      if (container.health === 'unhealthy') return 'unhealthy';
      if (container.health === 'starting') return 'starting';
      return slot.hasHealthcheck ? 'starting' : 'running';
    case 'restarting':
      return 'restarting';
    case 'created':
      return 'created';
    case 'paused':
      return 'stopped';
    default:
      return slot.stoppedByUser ? 'stopped' : 'exited';
  }
};

/** Worst first: the state shown for a service with several replicas. */
const SEVERITY: ServiceState[] = [
  'crash-loop',
  'unhealthy',
  'restarting',
  'exited',
  'stopped',
  'building',
  'waiting',
  'created',
  'starting',
  'running',
  'healthy',
  'absent',
];

export const isCrashLooping = (slot: ServiceSlot): boolean =>
  !slot.stoppedByUser &&
  slot.dieTimes.length >= CRASH_LOOP_DIES &&
  Object.values(slot.containers).some(
    (container) => container.state === 'restarting' || container.restartCount > 0 || container.state === 'running',
  );

export const deriveServiceStatus = (projectName: string, slot: ServiceSlot): ServiceStatus => {
  const containers = Object.values(slot.containers).sort((a, b) => replicaOf(a) - replicaOf(b));
  const live = containers.filter((container) => container.state === 'running' || container.state === 'restarting');
  const crashLoop = isCrashLooping(slot);
  let state: ServiceState;
  if (crashLoop) state = 'crash-loop';
  else if (slot.building) state = 'building';
  else if (containers.length === 0) state = slot.waitingOn !== undefined ? 'waiting' : 'absent';
  else {
    const states = containers.map((container) => containerState(container, slot));
    state = SEVERITY.find((candidate) => states.includes(candidate)) ?? 'absent';
    if (state === 'created' && slot.waitingOn !== undefined) state = 'waiting';
  }
  const current = live[0] ?? containers[0];
  const exitCode = crashLoop
    ? (slot.lastExitCode ?? current?.exitCode)
    : state === 'exited' || state === 'stopped'
      ? (current?.exitCode ?? slot.lastExitCode)
      : undefined;
  const health = current?.health;
  const oomKilled = slot.oomKilled || containers.some((container) => container.oomKilled === true);
  return {
    projectName,
    serviceName: slot.serviceName,
    containerIds: live.map((container) => container.id),
    state,
    ...(health !== undefined ? { health } : {}),
    ports: publishedPorts(live),
    restarts: containers.reduce((total, container) => total + container.restartCount, 0),
    ...(exitCode !== undefined ? { exitCode } : {}),
    ...(oomKilled ? { oomKilled: true } : {}),
    ...(current?.startedAt !== undefined && state !== 'exited' && state !== 'stopped'
      ? { startedAt: current.startedAt }
      : {}),
    ...(slot.waitingOn !== undefined && (state === 'waiting' || state === 'created' || state === 'absent')
      ? { waitingOn: slot.waitingOn }
      : {}),
    ...(slot.recreatedBecause !== undefined ? { recreatedBecause: slot.recreatedBecause } : {}),
    ...(slot.problem !== undefined && live.length === 0 ? { problem: slot.problem } : {}),
    ...(crashLoop && slot.lastLines !== undefined ? { lastLines: slot.lastLines } : {}),
    watch: slot.watch,
    ...(slot.drift === true ? { drift: true } : {}),
    ...(slot.usage !== undefined && live.length > 0
      ? { cpuPercent: slot.usage.cpuPercent, memoryBytes: slot.usage.memoryBytes }
      : {}),
  };
};

export const deriveProjectStatus = (project: ProjectSlot): ProjectStatus => ({
  projectName: project.projectName,
  workingDir: project.workingDir,
  configFiles: project.configFiles,
  services: Object.values(project.services)
    .sort((a, b) => a.serviceName.localeCompare(b.serviceName))
    .map((slot) => deriveServiceStatus(project.projectName, slot)),
  configIssues: project.configIssues,
});
