// Phase 10, cross-field checks: what no single key can tell — unknown dependencies (with a
// "did you mean"), dependency cycles, two services publishing the same host port, and named
// volumes, networks, secrets and configs used but never defined.
import type { ConfigIssue, Project, Service } from '../model.js';
import { issueAt } from '../issues.js';
import type { SourceMap } from '../source-map.js';
import { didYouMean } from '../suggest.js';
import type { PathSegment } from '../tree.js';

type Report = (path: PathSegment[], code: string, message: string, hint?: string) => void;

const checkDependencies = (services: Record<string, Service>, report: Report): void => {
  const names = Object.keys(services);
  for (const [name, service] of Object.entries(services)) {
    for (const dependency of Object.keys(service.depends_on)) {
      if (dependency in services) continue;
      report(
        ['services', name, 'depends_on', dependency],
        'unknown-dependency',
        `unknown service "${dependency}"`,
        didYouMean(dependency, names),
      );
    }
  }
};

const checkCycles = (services: Record<string, Service>, report: Report): void => {
  const state = new Map<string, 'visiting' | 'done'>();
  const reported = new Set<string>();
  const visit = (name: string, stack: string[]): void => {
    if (state.get(name) === 'done') return;
    if (state.get(name) === 'visiting') {
      const cycle = [...stack.slice(stack.indexOf(name)), name];
      const key = [...cycle.slice(0, -1)].sort().join(',');
      if (reported.has(key)) return;
      reported.add(key);
      const from = stack.at(-1) ?? name;
      report(
        ['services', from, 'depends_on', name],
        'dependency-cycle',
        `dependency cycle: ${cycle.join(' -> ')}`,
        'remove one of these depends_on entries',
      );
      return;
    }
    state.set(name, 'visiting');
    for (const dependency of Object.keys(services[name]?.depends_on ?? {})) {
      if (dependency in services) visit(dependency, [...stack, name]);
    }
    state.set(name, 'done');
  };
  for (const name of Object.keys(services)) visit(name, []);
};

const anyAddress = (hostIp: string | undefined): boolean =>
  hostIp === undefined || hostIp === '' || hostIp === '0.0.0.0' || hostIp === '::';

const portRange = (published: string): [number, number] => {
  const [start = '0', end] = published.split('-');
  return [Number(start), Number(end ?? start)];
};

const checkHostPorts = (services: Record<string, Service>, report: Report): void => {
  const claims: Array<{
    service: string;
    index: number;
    hostIp: string | undefined;
    range: [number, number];
    protocol: string;
  }> = [];
  for (const [name, service] of Object.entries(services)) {
    service.ports.forEach((port, index) => {
      if (port.published === undefined) return;
      const range = portRange(port.published);
      if (service.replicas > 1 && range[0] === range[1]) {
        report(
          ['services', name, 'ports', index],
          'host-port-conflict',
          `${service.replicas} replicas cannot all publish host port ${port.published}/${port.protocol}`,
          'publish a port range as large as the number of replicas, or leave the host port out',
        );
      }
      const clash = claims.find(
        (claim) =>
          claim.service !== name &&
          claim.protocol === port.protocol &&
          (anyAddress(claim.hostIp) || anyAddress(port.host_ip) || claim.hostIp === port.host_ip) &&
          claim.range[0] <= range[1] &&
          range[0] <= claim.range[1],
      );
      if (clash !== undefined && range[0] === range[1]) {
        report(
          ['services', name, 'ports', index],
          'host-port-conflict',
          `host port ${port.published}/${port.protocol} is already published by service "${clash.service}"`,
          'publish a different host port, or drop one of the mappings',
        );
      }
      claims.push({ service: name, index, hostIp: port.host_ip, range, protocol: port.protocol });
    });
  }
};

const checkReferences = (project: Project, report: Report): void => {
  for (const [name, service] of Object.entries(project.services)) {
    if (service.unapplied?.network_mode !== undefined && Object.keys(service.networks).length > 0) {
      report(
        ['services', name, 'network_mode'],
        'network-mode-and-networks',
        'network_mode and networks cannot both be set',
        'keep network_mode (the service shares that network stack) or networks, not both',
      );
    }
    service.volumes.forEach((volume, index) => {
      if (volume.type !== 'volume' || volume.source === undefined || volume.source === '') return;
      if (volume.source in project.volumes) return;
      report(
        ['services', name, 'volumes', index],
        'undefined-volume',
        `named volume "${volume.source}" is not defined`,
        didYouMean(volume.source, Object.keys(project.volumes)) ?? `declare it under the top-level "volumes:" key`,
      );
    });
    for (const network of Object.keys(service.networks)) {
      if (network in project.networks) continue;
      report(
        ['services', name, 'networks', network],
        'undefined-network',
        `network "${network}" is not defined`,
        didYouMean(network, Object.keys(project.networks)) ?? `declare it under the top-level "networks:" key`,
      );
    }
    for (const [kind, references, defined] of [
      ['secrets', service.secrets, project.secrets],
      ['configs', service.configs, project.configs],
    ] as const) {
      references.forEach((reference, index) => {
        if (reference.source in defined) return;
        report(
          ['services', name, kind, index],
          `undefined-${kind === 'secrets' ? 'secret' : 'config'}`,
          `${kind === 'secrets' ? 'secret' : 'config'} "${reference.source}" is not defined`,
          didYouMean(reference.source, Object.keys(defined)) ?? `declare it under the top-level "${kind}:" key`,
        );
      });
    }
  }
};

const reporter =
  (sourceMap: SourceMap, issues: ConfigIssue[]): Report =>
  (path, code, message, hint) => {
    const location = path.length === 4 && path[2] === 'depends_on' ? sourceMap.locateKey(path) : sourceMap.locate(path);
    const shownPath = code === 'unknown-dependency' ? path.slice(0, 3) : path;
    issues.push(issueAt(location, shownPath, { code, message, ...(hint === undefined ? {} : { hint }) }));
  };

/** Dependency problems, checked over every service whatever the profiles. */
export const checkServiceGraph = (project: Project, sourceMap: SourceMap): ConfigIssue[] => {
  const issues: ConfigIssue[] = [];
  const report = reporter(sourceMap, issues);
  checkDependencies(project.services, report);
  checkCycles(project.services, report);
  return issues;
};

/** Problems among the services that will run: host ports, undefined named resources. */
export const checkSelectedServices = (project: Project, sourceMap: SourceMap): ConfigIssue[] => {
  const issues: ConfigIssue[] = [];
  const report = reporter(sourceMap, issues);
  checkHostPorts(project.services, report);
  checkReferences(project, report);
  return issues;
};

/** Every cross-field problem of the project, located. */
export const crossCheckProject = (project: Project, sourceMap: SourceMap): ConfigIssue[] => {
  const issues: ConfigIssue[] = [];
  const report: Report = (path, code, message, hint) => {
    const location = path.length === 4 && path[2] === 'depends_on' ? sourceMap.locateKey(path) : sourceMap.locate(path);
    const shownPath = code === 'unknown-dependency' ? path.slice(0, 3) : path;
    issues.push(issueAt(location, shownPath, { code, message, ...(hint === undefined ? {} : { hint }) }));
  };
  checkDependencies(project.services, report);
  checkCycles(project.services, report);
  checkHostPorts(project.services, report);
  checkReferences(project, report);
  return issues;
};
