// The planner's image steps: one build per image reference whose build input changed (or
// is missing), before any service that runs the image; the images of services that are
// not built are pulled by their policy (never: a missing one fails, saying so).

import type { ImageSummary } from '../engine/engine.js';
import type { DesiredProject, DesiredService } from './desired.js';
import { devupLabel } from './labels.js';
import type { ObservedProject } from './observe.js';
import type { PlanBuilder } from './plan.js';
import { effectivePullPolicy, type PullPolicy } from './pull-policy.js';

export interface ImagePlanOptions {
  build?: boolean;
  noBuild?: boolean;
  pull?: PullPolicy;
}

export interface ImageSteps {
  /** Image reference -> the step building it. */
  buildSteps: Map<string, number>;
  /** Image reference -> the step pulling it (or failing for its absence). */
  imageSteps: Map<string, number>;
}

const buildCause = (
  service: DesiredService,
  image: ImageSummary | undefined,
  hash: string,
  options: ImagePlanOptions,
): string | undefined => {
  if (!service.build || options.noBuild) return undefined;
  if (!image) return 'image missing';
  const policy = effectivePullPolicy(options.pull, service.pullPolicy);
  if (!options.build && policy !== 'build') return undefined;
  const builtFrom = image.labels[devupLabel.buildHash];
  if (builtFrom === hash) return undefined;
  return builtFrom === undefined ? 'build requested; image has no build hash' : 'build input changed';
};

/** `order`: the selected services, dependencies first; `buildHashes`: each built service's build input hash. */
export const planImageSteps = (
  plan: PlanBuilder,
  input: {
    desired: DesiredProject;
    observed: ObservedProject;
    buildHashes: Record<string, string>;
    options: ImagePlanOptions;
    order: string[];
    selectedServices: DesiredService[];
  },
): ImageSteps => {
  const { desired, observed, buildHashes, options, order, selectedServices } = input;
  const buildSteps = new Map<string, number>();
  for (const serviceName of order) {
    const service = desired.services[serviceName] as DesiredService;
    if (!service.build || buildSteps.has(service.imageRef)) continue;
    const hash = buildHashes[serviceName] ?? '';
    const cause = buildCause(service, observed.images[service.imageRef], hash, options);
    if (cause)
      buildSteps.set(
        service.imageRef,
        plan.add(`image:${service.imageRef}`, cause, {
          kind: 'build-image',
          serviceName,
          build: service.build,
          buildHash: hash,
        }),
      );
  }

  const imageSteps = new Map<string, number>();
  const builtRefs = new Set(selectedServices.flatMap((service) => (service.build ? [service.imageRef] : [])));
  for (const serviceName of order) {
    const service = desired.services[serviceName] as DesiredService;
    if (builtRefs.has(service.imageRef) || imageSteps.has(service.imageRef)) continue;
    const policy = effectivePullPolicy(options.pull, service.pullPolicy);
    const present = observed.images[service.imageRef] !== undefined;
    const resource = `image:${service.imageRef}`;
    const pull = { kind: 'pull-image', serviceName, imageRef: service.imageRef } as const;
    if (policy === 'always')
      imageSteps.set(service.imageRef, plan.add(resource, 'pull requested (pull policy always)', pull));
    else if (present) continue;
    else if (policy === 'never')
      imageSteps.set(
        service.imageRef,
        plan.add(resource, 'image missing (pull policy never)', {
          kind: 'require-image',
          serviceName,
          imageRef: service.imageRef,
          policy,
        }),
      );
    else imageSteps.set(service.imageRef, plan.add(resource, 'image missing', pull));
  }
  return { buildSteps, imageSteps };
};
