// Plans for the lifecycle commands, from what is observed: `down`, `stop`, `start`,
// `restart`. Pure. Stops go dependents first; starts go dependencies first.

import { composeLabel } from './labels.js';
import type { ObservedContainer, ObservedProject } from './observe.js';
import { containerResource, PlanBuilder, type Plan } from './plan.js';
import { dependencyOrder } from './service-order.js';

const byService = (containers: ObservedContainer[]): Map<string, ObservedContainer[]> => {
  const groups = new Map<string, ObservedContainer[]>();
  for (const container of containers)
    groups.set(container.serviceName, [...(groups.get(container.serviceName) ?? []), container]);
  return groups;
};

const startOrder = (containers: ObservedContainer[]): string[] => {
  const dependencies: Record<string, Set<string>> = {};
  for (const container of containers) {
    const known = (dependencies[container.serviceName] ??= new Set());
    for (const dependencyName of container.dependsOn) known.add(dependencyName);
  }
  return dependencyOrder(dependencies);
};

const isUp = (container: ObservedContainer): boolean =>
  ['running', 'restarting', 'paused'].includes(container.summary.state);

/** Stops each running container after the containers that depend on it; returns the plan and the stop step per service. */
const addStops = (
  plan: PlanBuilder,
  containers: ObservedContainer[],
  cause: string,
  timeoutSeconds: number | undefined,
): Map<string, number[]> => {
  const groups = byService(containers);
  const stopSteps = new Map<string, number[]>();
  const dependentsOf = (serviceName: string): string[] =>
    [...groups.keys()].filter((other) => groups.get(other)?.some((c) => c.dependsOn.includes(serviceName)));
  for (const serviceName of startOrder(containers).reverse()) {
    const after = dependentsOf(serviceName).flatMap((dependent) => stopSteps.get(dependent) ?? []);
    const steps = (groups.get(serviceName) ?? []).filter(isUp).map((container) => {
      const timeout = timeoutSeconds ?? container.stopGraceSeconds;
      return plan.add(
        containerResource(serviceName, container.number),
        cause,
        {
          kind: 'stop-container',
          serviceName,
          containerRef: container.summary.id,
          ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
        },
        after,
      );
    });
    stopSteps.set(serviceName, steps.length > 0 ? steps : after);
  }
  return stopSteps;
};

export interface DownOptions {
  volumes?: boolean;
  /** Overrides every container's stop grace period. */
  timeoutSeconds?: number;
  /** The config's services, when it loaded: containers of other services are orphans. */
  services?: string[];
  /** Also remove orphans (`down --remove-orphans`); without it they, and the networks and volumes, stay. */
  removeOrphans?: boolean;
}

/** The orphans `down` leaves in place: containers of services not in the config, unless removing orphans. */
export const keptOrphans = (observed: ObservedProject, options: DownOptions): ObservedContainer[] => {
  const services = options.services;
  if (services === undefined || options.removeOrphans === true) return [];
  return observed.containers.filter((container) => !services.includes(container.serviceName));
};

export const planDown = (observed: ObservedProject, options: DownOptions): Plan => {
  const plan = new PlanBuilder();
  const kept = new Set(keptOrphans(observed, options));
  const containers = observed.containers.filter((container) => !kept.has(container));
  const stopSteps = addStops(plan, containers, 'down', options.timeoutSeconds);
  const removals = containers.map((container) =>
    plan.add(
      containerResource(container.serviceName, container.number),
      'down',
      {
        kind: 'remove-container',
        serviceName: container.serviceName,
        containerRef: container.summary.id,
        ...(options.volumes ? { removeVolumes: true } : {}),
      },
      stopSteps.get(container.serviceName) ?? [],
    ),
  );
  // Orphans left running may still use the project's networks and volumes: those stay too.
  if (kept.size > 0) return { projectName: observed.name, steps: plan.steps };
  for (const network of observed.networks) {
    if (network.labels[composeLabel.project] !== observed.name) continue;
    plan.add(`network:${network.name}`, 'down', { kind: 'remove-network', name: network.name }, removals);
  }
  if (options.volumes) {
    for (const volume of observed.volumes)
      plan.add(`volume:${volume.name}`, 'down --volumes', { kind: 'remove-volume', name: volume.name }, removals);
  }
  return { projectName: observed.name, steps: plan.steps };
};

const selectedContainers = (observed: ObservedProject, services: string[]): ObservedContainer[] =>
  observed.containers.filter(
    (container) => !container.oneoff && (services.length === 0 || services.includes(container.serviceName)),
  );

/** `timeoutSeconds` overrides each container's stop grace period. */
export const planStop = (observed: ObservedProject, services: string[], timeoutSeconds?: number): Plan => {
  const plan = new PlanBuilder();
  addStops(plan, selectedContainers(observed, services), 'stop requested', timeoutSeconds);
  return { projectName: observed.name, steps: plan.steps };
};

export const planStart = (observed: ObservedProject, services: string[]): Plan => {
  const plan = new PlanBuilder();
  const containers = selectedContainers(observed, services);
  const groups = byService(containers);
  const startSteps = new Map<string, number[]>();
  for (const serviceName of startOrder(containers)) {
    const group = groups.get(serviceName) ?? [];
    const after = (group[0]?.dependsOn ?? []).flatMap((dependencyName) => startSteps.get(dependencyName) ?? []);
    const steps = group
      .filter((container) => !isUp(container))
      .map((container) =>
        plan.add(
          containerResource(serviceName, container.number),
          'start requested',
          { kind: 'start-container', serviceName, containerRef: container.summary.id },
          after,
        ),
      );
    startSteps.set(serviceName, steps.length > 0 ? steps : after);
  }
  return { projectName: observed.name, steps: plan.steps };
};

/** The named services plus, transitively, those that restart with them (`restart: true`). */
const withRestartingDependents = (observed: ObservedProject, services: string[]): Map<string, string> => {
  const causes = new Map(services.map((serviceName) => [serviceName, 'restart requested']));
  for (let grew = true; grew;) {
    grew = false;
    for (const container of observed.containers) {
      const trigger = container.restartWith.find((dependencyName) => causes.has(dependencyName));
      if (trigger === undefined || causes.has(container.serviceName)) continue;
      causes.set(container.serviceName, `dependency ${trigger} was restarted`);
      grew = true;
    }
  }
  return causes;
};

/**
 * `timeoutSeconds` overrides each container's stop grace period; `noDeps` leaves out the
 * services that restart with the named ones (`depends_on.X.restart: true`).
 */
export const planRestart = (
  observed: ObservedProject,
  services: string[],
  timeoutSeconds?: number,
  noDeps = false,
): Plan => {
  const plan = new PlanBuilder();
  const causes =
    services.length === 0
      ? undefined
      : noDeps
        ? new Map(services.map((serviceName) => [serviceName, 'restart requested']))
        : withRestartingDependents(observed, services);
  const containers = selectedContainers(observed, causes ? [...causes.keys()] : []);
  const groups = byService(containers);
  const restartSteps = new Map<string, number[]>();
  for (const serviceName of startOrder(containers)) {
    const group = groups.get(serviceName) ?? [];
    const after = (group[0]?.dependsOn ?? []).flatMap((dependencyName) => restartSteps.get(dependencyName) ?? []);
    const steps = group.map((container) => {
      const timeout = timeoutSeconds ?? container.stopGraceSeconds;
      return plan.add(
        containerResource(serviceName, container.number),
        causes?.get(serviceName) ?? 'restart requested',
        {
          kind: 'restart-container',
          serviceName,
          containerRef: container.summary.id,
          ...(timeout !== undefined ? { timeoutSeconds: timeout } : {}),
        },
        after,
      );
    });
    restartSteps.set(serviceName, steps.length > 0 ? steps : after);
  }
  return { projectName: observed.name, steps: plan.steps };
};
