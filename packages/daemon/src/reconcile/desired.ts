// Project -> what should exist: containers (one ContainerSpec per replica), the project's
// networks and named volumes, and the images to build. Pure: the environment used for
// `environment:`-sourced secrets is passed in.

import type { Dependency, Project, Service } from '@devup/schema';
import type { ContainerSpec, Labels } from '../engine/engine.js';
import { canonicalServiceConfig, fingerprintConfig } from './config-hash.js';
import { containerSpecFor, serviceNetworkKeys, type InjectedFile } from './container-spec.js';
import { composeLabel, devupLabel, projectResourceLabels } from './labels.js';

export interface DesiredNetwork {
  /** Key in the project ("default"). */
  key: string;
  /** Engine name ("shop_default"). */
  name: string;
  labels: Labels;
  driver?: string;
  internal?: boolean;
  attachable?: boolean;
  external: boolean;
}

export interface DesiredVolume {
  key: string;
  name: string;
  labels: Labels;
  driver?: string;
  driverOpts?: Record<string, string>;
  external: boolean;
}

export interface DesiredContainer {
  serviceName: string;
  number: number;
  name: string;
  spec: ContainerSpec;
  /** Networks joined after creation, before start. */
  extraNetworks: { name: string; aliases: string[] }[];
  /** Files copied in after creation (environment- or content-sourced secrets and configs). */
  files: InjectedFile[];
  configHash: string;
  keyDigests: Record<string, string>;
}

export interface DesiredBuild {
  /** Image reference the build is tagged with. */
  imageRef: string;
  context: string;
  dockerfile: string;
  args: Record<string, string>;
  target?: string;
  labels: Labels;
}

export interface DesiredService {
  name: string;
  imageRef: string;
  build?: DesiredBuild;
  containers: DesiredContainer[];
  dependsOn: Record<string, Dependency>;
  hasHealthcheck: boolean;
  stopSignal?: string;
  stopGraceSeconds?: number;
  /** Compose's `pull_policy`, as written (always, missing, never, build, if_not_present, ...). */
  pullPolicy?: string;
}

export interface DesiredProject {
  name: string;
  networks: DesiredNetwork[];
  volumes: DesiredVolume[];
  services: Record<string, DesiredService>;
  /** Services the config defines but this load leaves out (profiles): not run, and not orphans. */
  disabledServices: string[];
}

const pullPolicyOf = (service: Service): { pullPolicy?: string } =>
  service.pull_policy === undefined ? {} : { pullPolicy: service.pull_policy };

/** Compose's default image name for a built service without `image:`. */
export const defaultImageRef = (projectName: string, serviceName: string): string => `${projectName}-${serviceName}`;

const desiredNetworks = (project: Project): DesiredNetwork[] => {
  const used = new Set(Object.values(project.services).flatMap(serviceNetworkKeys));
  return [...used].sort().map((key) => {
    const network = project.networks[key];
    return {
      key,
      name: network?.name ?? `${project.name}_${key}`,
      labels: { ...(network?.labels ?? {}), ...projectResourceLabels(project.name), [composeLabel.network]: key },
      ...(network?.driver ? { driver: network.driver } : {}),
      ...(network?.internal ? { internal: true } : {}),
      ...(network?.attachable ? { attachable: true } : {}),
      external: network?.external ?? false,
    };
  });
};

const desiredVolumes = (project: Project): DesiredVolume[] =>
  Object.entries(project.volumes)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([key, volume]) => ({
      key,
      name: volume.name || `${project.name}_${key}`,
      labels: { ...volume.labels, ...projectResourceLabels(project.name), [composeLabel.volume]: key },
      ...(volume.driver ? { driver: volume.driver } : {}),
      ...(volume.driver_opts ? { driverOpts: volume.driver_opts } : {}),
      external: volume.external ?? false,
    }));

const desiredBuild = (project: Project, service: Service, imageRef: string): DesiredBuild | undefined => {
  if (!service.build) return undefined;
  const args = Object.fromEntries(
    Object.entries(service.build.args).filter((entry): entry is [string, string] => entry[1] !== null),
  );
  return {
    imageRef,
    context: service.build.context,
    dockerfile: service.build.dockerfile || 'Dockerfile',
    args,
    ...(service.build.target ? { target: service.build.target } : {}),
    labels: { ...service.build.labels, [composeLabel.project]: project.name, [composeLabel.service]: service.name },
  };
};

export interface DeriveOptions {
  /** Variables for `environment:`-sourced secrets and configs. */
  environment: Record<string, string | undefined>;
}

export const deriveDesired = (project: Project, options: DeriveOptions): DesiredProject => {
  const networks = desiredNetworks(project);
  const volumes = desiredVolumes(project);
  const services = Object.fromEntries(
    Object.values(project.services).map((service) => {
      const imageRef = service.image ?? defaultImageRef(project.name, service.name);
      const fingerprint = fingerprintConfig(canonicalServiceConfig(service, project));
      const containers = Array.from({ length: service.replicas }, (_, index) => {
        const number = index + 1;
        const built = containerSpecFor({
          project,
          service,
          number,
          imageRef,
          networks,
          volumes,
          environment: options.environment,
        });
        built.spec.labels[composeLabel.configHash] = fingerprint.hash;
        built.spec.labels[devupLabel.configKeys] = JSON.stringify(fingerprint.keyDigests);
        return {
          serviceName: service.name,
          number,
          ...built,
          configHash: fingerprint.hash,
          keyDigests: fingerprint.keyDigests,
        };
      });
      const build = desiredBuild(project, service, imageRef);
      const first = containers[0]?.spec;
      const desiredService: DesiredService = {
        name: service.name,
        imageRef,
        ...(build ? { build } : {}),
        containers,
        dependsOn: service.depends_on,
        hasHealthcheck: Boolean(service.healthcheck && !service.healthcheck.disable),
        ...(first?.stopSignal ? { stopSignal: first.stopSignal } : {}),
        ...(first?.stopTimeoutSeconds !== undefined ? { stopGraceSeconds: first.stopTimeoutSeconds } : {}),
        ...pullPolicyOf(service),
      };
      return [service.name, desiredService];
    }),
  );
  return { name: project.name, networks, volumes, services, disabledServices: project.disabled_services ?? [] };
};
