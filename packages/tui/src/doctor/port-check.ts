// Check: every host port the project publishes can be bound, and if not, who holds it.
// A port held by this project's own running containers is no conflict (a second `dev up`
// must pass).
import type { CheckResult } from './check-result.js';
import type { ContainerPortBinding } from './engine-probe.js';
import type { BindOutcome, BindProbe } from './port-bind-probe.js';
import type { PortHolder } from './proc-sockets.js';
import type { PublishedHostPort } from './published-ports.js';

export interface PortProbes {
  tryBind: BindProbe;
  findHolders: (hostPort: number, protocol: 'tcp' | 'udp') => Promise<PortHolder[]>;
  /** Host ports published by running containers; undefined when the engine cannot be asked. */
  containerPorts: () => Promise<ContainerPortBinding[] | undefined>;
}

interface PortVerdict {
  status: 'ok' | 'fail';
  line: string;
  fix?: string;
}

const addressOf = (port: PublishedHostPort): string =>
  `${port.hostIp.includes(':') ? `[${port.hostIp}]` : port.hostIp}:${port.hostPort}/${port.protocol}`;

const describeHolder = (holder: PortHolder): string =>
  `${holder.command} (pid ${holder.pid}${holder.commandLine === '' ? '' : `: ${holder.commandLine}`})`;

const changePortHint = (port: PublishedHostPort): string =>
  `or publish another host port in services.${port.serviceName}.ports`;

const sameBinding = (binding: ContainerPortBinding, port: PublishedHostPort): boolean =>
  binding.hostPort === port.hostPort && binding.protocol === port.protocol;

const judgeTaken = async (
  port: PublishedHostPort,
  outcome: Extract<BindOutcome, { free: false }>,
  projectName: string,
  probes: PortProbes,
  containerPorts: () => Promise<ContainerPortBinding[] | undefined>,
): Promise<PortVerdict> => {
  const where = `${addressOf(port)} (${port.serviceName})`;
  if (outcome.code === 'EADDRNOTAVAIL') {
    return {
      status: 'fail',
      line: `${where}: ${port.hostIp} is not an address of this machine`,
      fix: `use 127.0.0.1 or 0.0.0.0 as the host IP in services.${port.serviceName}.ports`,
    };
  }
  if (outcome.code === 'EACCES') {
    return { status: 'ok', line: `${where}: privileged port, cannot be tested without root (the engine binds it)` };
  }
  if (outcome.code !== 'EADDRINUSE') {
    return { status: 'fail', line: `${where}: cannot be bound (${outcome.message})`, fix: changePortHint(port) };
  }
  const bindings = (await containerPorts()) ?? [];
  const ownBinding = bindings.find((binding) => sameBinding(binding, port) && binding.projectName === projectName);
  if (ownBinding !== undefined) {
    return { status: 'ok', line: `${where}: held by this project's own container ${ownBinding.containerName}` };
  }
  const otherContainer = bindings.find((binding) => sameBinding(binding, port));
  if (otherContainer !== undefined) {
    const owner = otherContainer.projectName === undefined ? '' : ` of project ${otherContainer.projectName}`;
    const stop =
      otherContainer.projectName === undefined
        ? `\`docker stop ${otherContainer.containerName}\``
        : `\`dev down -p ${otherContainer.projectName}\` (or \`docker stop ${otherContainer.containerName}\`)`;
    return {
      status: 'fail',
      line: `${where}: taken by container ${otherContainer.containerName}${owner}`,
      fix: `stop it: ${stop}, ${changePortHint(port)}`,
    };
  }
  const holders = await probes.findHolders(port.hostPort, port.protocol);
  if (holders.length === 0) {
    return {
      status: 'fail',
      line: `${where}: taken by a process devup cannot see (another user's?)`,
      fix: `find it with \`sudo ss -${port.protocol === 'tcp' ? 'lt' : 'lu'}np 'sport = :${port.hostPort}'\`, stop it, ${changePortHint(port)}`,
    };
  }
  const pids = holders.map((holder) => holder.pid).join(' ');
  return {
    status: 'fail',
    line: `${where}: taken by ${holders.map(describeHolder).join(', ')}`,
    fix: `stop ${holders[0]?.command ?? 'it'} (\`kill ${pids}\`), ${changePortHint(port)}`,
  };
};

const memoize = <T>(load: () => Promise<T>): (() => Promise<T>) => {
  let pending: Promise<T> | undefined;
  return () => (pending ??= load());
};

/** Judges each distinct published host port. */
export const checkPorts = async (
  projectName: string,
  ports: readonly PublishedHostPort[],
  probes: PortProbes,
): Promise<CheckResult> => {
  const base = { id: 'ports', title: 'Host ports' };
  if (ports.length === 0) return { ...base, status: 'ok', detail: 'no published host ports' };
  const containerPorts = memoize(async () => probes.containerPorts().catch(() => undefined));
  const seen = new Set<string>();
  const verdicts: PortVerdict[] = [];
  for (const port of ports) {
    const key = addressOf(port);
    if (seen.has(key)) continue;
    seen.add(key);
    const outcome = await probes.tryBind(port.hostIp, port.hostPort, port.protocol);
    verdicts.push(
      outcome.free
        ? { status: 'ok', line: `${addressOf(port)} (${port.serviceName}): free` }
        : await judgeTaken(port, outcome, projectName, probes, containerPorts),
    );
  }
  const failures = verdicts.filter((verdict) => verdict.status === 'fail');
  if (failures.length === 0) {
    return { ...base, status: 'ok', detail: verdicts.map((verdict) => verdict.line).join('\n') };
  }
  return {
    ...base,
    status: 'fail',
    detail: failures.map((verdict) => verdict.line).join('\n'),
    fix: failures
      .map((verdict) => verdict.fix ?? '')
      .filter(Boolean)
      .join('\n'),
  };
};
