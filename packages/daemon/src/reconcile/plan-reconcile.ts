// The planner: desired x observed -> a plan. Pure; every decision of `up` is made here.
//
// Choices, where Compose leaves room:
// - A container that exited 0 is converged (a finished one-shot job is not re-run on
//   every `up`); one that exited non-zero or was only created is started again.
// - A dependency that is already in the state a dependent needs (healthy, completed) and
//   is not touched by the plan gets no wait step.
//
// Networks and volumes (plan-resources.ts) and images (plan-images.ts) are planned first,
// then each service's containers, in dependency order, with the waits their dependents need.

import type { DesiredProject, DesiredService } from './desired.js';
import type { ObservedContainer, ObservedProject } from './observe.js';
import {
  isCompleted,
  isRunning,
  keepScore,
  recreateCause,
  stopTimeout,
  stopTimeoutSeconds,
} from './observed-container-checks.js';
import { containerResource, PlanBuilder, type Plan } from './plan.js';
import { planImageSteps } from './plan-images.js';
import { planResourceSteps } from './plan-resources.js';
import type { PullPolicy } from './pull-policy.js';
import { dependencyOrder, selectWithDependencies } from './service-order.js';

export interface PlanOptions {
  /** Services to converge (plus their dependencies); all when absent or empty. */
  services?: string[];
  /** Build images whose build input changed (`up --build`). */
  build?: boolean;
  forceRecreate?: boolean;
  /** Seconds a container being replaced or removed gets before the kill (`up -t`), instead of its stop grace period. */
  timeoutSeconds?: number;
  /** Never build (`up --no-build`): a built service whose image is missing then fails to create. */
  noBuild?: boolean;
  /** `up --pull`: replaces every service's `pull_policy`. */
  pull?: PullPolicy;
  /**
   * Remove containers of services no longer in the config (`up --remove-orphans`). Off by
   * default, as in Compose: orphans are left running and reported (see findOrphans).
   */
  removeOrphans?: boolean;
}

export interface PlanInput {
  desired: DesiredProject;
  observed: ObservedProject;
  /** Content hash of each built service's build input. */
  buildHashes: Record<string, string>;
  options: PlanOptions;
}

interface ServiceSteps {
  /** Steps that start (or restart) the service's containers. */
  starts: number[];
  /** True when the plan replaces or (re)starts something of the service. */
  touched: boolean;
  recreated: boolean;
}

export const planReconcile = ({ desired, observed, buildHashes, options }: PlanInput): Plan => {
  const plan = new PlanBuilder();
  const dependencies = Object.fromEntries(
    Object.values(desired.services).map((service) => [service.name, service.dependsOn]),
  );
  const selected = selectWithDependencies(dependencies, options.services);
  const selectedServices = [...selected].map((serviceName) => desired.services[serviceName] as DesiredService);

  const { networkSteps, volumeSteps } = planResourceSteps(plan, desired, observed, selectedServices);

  const order = dependencyOrder(
    Object.fromEntries(selectedServices.map((service) => [service.name, Object.keys(service.dependsOn)])),
  );
  const serviceSteps = new Map<string, ServiceSteps>();
  const gateSteps = new Map<string, number[]>();

  const observedOf = (serviceName: string): ObservedContainer[] =>
    observed.containers.filter((container) => container.serviceName === serviceName && !container.oneoff);

  /** The step a dependent waits on for `dependencyName` to meet `condition`, if any. */
  const gateFor = (dependencyName: string, condition: string, dependentName: string): number[] => {
    const key = `${dependencyName}|${condition}`;
    const known = gateSteps.get(key);
    if (known) return known;
    const steps = serviceSteps.get(dependencyName);
    const service = desired.services[dependencyName] as DesiredService;
    const current = observedOf(dependencyName);
    const refs = service.containers.map((container) => container.name);
    let gate: number[] = [];
    if (condition === 'service_healthy') {
      const alreadyHealthy =
        !steps?.touched && current.length > 0 && current.every((container) => container.summary.health === 'healthy');
      if (!alreadyHealthy) {
        gate = [
          plan.add(
            `service:${dependencyName}`,
            `${dependentName} waits for ${dependencyName}: healthy`,
            { kind: 'await-healthy', serviceName: dependencyName, containerRefs: refs },
            steps?.starts ?? [],
          ),
        ];
      }
    } else if (condition === 'service_completed_successfully') {
      const alreadyDone = !steps?.touched && current.length > 0 && current.every(isCompleted);
      if (!alreadyDone) {
        gate = [
          plan.add(
            `service:${dependencyName}`,
            `${dependentName} waits for ${dependencyName}: completed successfully`,
            { kind: 'await-completed', serviceName: dependencyName, containerRefs: refs },
            steps?.starts ?? [],
          ),
        ];
      }
    } else {
      gate = steps?.starts ?? [];
    }
    gateSteps.set(key, gate);
    return gate;
  };

  const { buildSteps, imageSteps } = planImageSteps(plan, {
    desired,
    observed,
    buildHashes,
    options,
    order,
    selectedServices,
  });

  for (const serviceName of order) {
    const service = desired.services[serviceName] as DesiredService;
    const image = observed.images[service.imageRef];
    const buildStep = buildSteps.get(service.imageRef);
    const imageStep = buildStep ?? imageSteps.get(service.imageRef);
    // Wait steps are added only when something of this service actually starts.
    let gates: number[] | undefined;
    const startGates = (): number[] =>
      (gates ??= Object.entries(service.dependsOn)
        .filter(([dependencyName]) => selected.has(dependencyName))
        .flatMap(([dependencyName, dependency]) => gateFor(dependencyName, dependency.condition, serviceName)));
    const steps: ServiceSteps = { starts: [], touched: false, recreated: false };
    const current = observedOf(serviceName);

    for (const container of service.containers) {
      const resource = containerResource(serviceName, container.number);
      // After an interrupted run there may be two containers for one number; keep the
      // one that has the right name and config, and is running.
      const [existing, ...duplicates] = current
        .filter((candidate) => candidate.number === container.number)
        .sort((a, b) => keepScore(b, container) - keepScore(a, container));
      // Duplicates go first: one may hold the name a recreate is about to use.
      const duplicateSteps = duplicates.map((duplicate) =>
        plan.add(resource, 'duplicate container number', {
          kind: 'scale-down',
          serviceName,
          containerRef: duplicate.summary.id,
          ...stopTimeout(duplicate, options),
        }),
      );
      const prerequisites = [
        imageStep,
        ...duplicateSteps,
        ...[container.spec.network, ...container.extraNetworks].map(
          (network) => network && networkSteps.get(network.name),
        ),
        ...container.spec.host.mounts.map((mount) =>
          mount.type === 'volume' && mount.source ? volumeSteps.get(mount.source) : undefined,
        ),
      ];
      let startAfter: number | undefined;
      let startCause: string | undefined;
      if (!existing) {
        startAfter = plan.add(resource, 'missing', { kind: 'create-container', container }, prerequisites);
        startCause = 'created';
      } else {
        const recreate = recreateCause(container, existing, buildStep !== undefined, image, options);
        if (recreate) {
          startAfter = plan.add(
            resource,
            recreate,
            {
              kind: 'recreate-container',
              container,
              replacedId: existing.summary.id,
              ...stopTimeoutSeconds(existing, options),
            },
            prerequisites,
          );
          startCause = 'recreated';
          steps.recreated = true;
        } else if (!isRunning(existing) && !isCompleted(existing)) {
          startCause =
            existing.summary.state === 'exited'
              ? `container exited (${existing.summary.exitCode ?? '?'})`
              : `container is ${existing.summary.state}`;
        }
      }
      if (startCause !== undefined) {
        steps.starts.push(
          plan.add(resource, startCause, { kind: 'start-container', serviceName, containerRef: container.name }, [
            startAfter,
            ...startGates(),
          ]),
        );
        steps.touched = true;
      }
    }
    for (const extra of current.filter((candidate) => candidate.number > service.containers.length)) {
      plan.add(
        containerResource(serviceName, extra.number),
        `scaled to ${service.containers.length} replica${service.containers.length === 1 ? '' : 's'}`,
        {
          kind: 'scale-down',
          serviceName,
          containerRef: extra.summary.id,
          ...stopTimeout(extra, options),
        },
      );
    }
    if (!steps.touched) restartForDependencies(serviceName);
    serviceSteps.set(serviceName, steps);
  }

  /** `depends_on.<dep>.restart: true`: a dependent restarts when its dependency was recreated. */
  function restartForDependencies(serviceName: string): void {
    const service = desired.services[serviceName] as DesiredService;
    const recreatedDependencies = Object.entries(service.dependsOn).filter(
      ([dependencyName, dependency]) => dependency.restart === true && serviceSteps.get(dependencyName)?.recreated,
    );
    if (recreatedDependencies.length === 0) return;
    const gates = recreatedDependencies.flatMap(([dependencyName, dependency]) =>
      gateFor(dependencyName, dependency.condition, serviceName),
    );
    for (const existing of observedOf(serviceName).filter(isRunning)) {
      plan.add(
        containerResource(serviceName, existing.number),
        `dependency ${recreatedDependencies.map(([name]) => name).join(', ')} was recreated`,
        {
          kind: 'restart-container',
          serviceName,
          containerRef: existing.summary.id,
          ...stopTimeout(existing, options),
        },
        gates,
      );
    }
  }

  if (options.removeOrphans === true) {
    for (const orphan of findOrphans(desired, observed)) {
      plan.add(containerResource(orphan.serviceName, orphan.number), 'service removed from config', {
        kind: 'remove-orphan',
        serviceName: orphan.serviceName,
        containerRef: orphan.summary.id,
        ...stopTimeout(orphan, options),
      });
    }
  }
  return { projectName: desired.name, steps: plan.steps };
};

/**
 * Containers of the project whose service is not in the config (one-off containers aside).
 * A service the config defines but leaves out (a profile not enabled) is not an orphan, as in Compose.
 */
export function findOrphans(
  desired: Pick<DesiredProject, 'services' | 'disabledServices'>,
  observed: ObservedProject,
): ObservedContainer[] {
  return observed.containers.filter(
    (container) =>
      !container.oneoff &&
      !(container.serviceName in desired.services) &&
      !desired.disabledServices.includes(container.serviceName),
  );
}
