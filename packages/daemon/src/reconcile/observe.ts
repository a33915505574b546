// What exists in the engine for a project, found by Compose's project label. The
// labels are parsed here once so the planner reads plain fields.

import type { ContainerSummary, Engine, ImageSummary, NetworkSummary, VolumeSummary } from '../engine/engine.js';
import { composeLabel, devupLabel, parseDependsOnLabel, projectFilter } from './labels.js';

export interface ObservedContainer {
  summary: ContainerSummary;
  serviceName: string;
  number: number;
  configHash: string;
  /** Per-key digests when devup created the container; empty for others (e.g. Compose's). */
  keyDigests: Record<string, string>;
  oneoff: boolean;
  dependsOn: string[];
  /** Dependencies whose restart restarts this container (`depends_on.<dep>.restart: true`). */
  restartWith: string[];
  stopGraceSeconds?: number;
}

export interface ObservedProject {
  name: string;
  containers: ObservedContainer[];
  networks: NetworkSummary[];
  volumes: VolumeSummary[];
  /** Images by reference, for the references asked about; undefined when missing. */
  images: Record<string, ImageSummary | undefined>;
}

const parseKeyDigests = (value: string | undefined): Record<string, string> => {
  if (!value) return {};
  try {
    const parsed = JSON.parse(value) as unknown;
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
};

export const toObservedContainer = (summary: ContainerSummary): ObservedContainer => {
  const labels = summary.labels;
  const grace = labels[devupLabel.stopGraceSeconds];
  const dependencies = parseDependsOnLabel(labels[composeLabel.dependsOn]);
  return {
    summary,
    serviceName: labels[composeLabel.service] ?? '',
    number: Number(labels[composeLabel.containerNumber] ?? 0),
    configHash: labels[composeLabel.configHash] ?? '',
    keyDigests: parseKeyDigests(labels[devupLabel.configKeys]),
    oneoff: labels[composeLabel.oneoff] === 'True',
    dependsOn: dependencies.map((dependency) => dependency.serviceName),
    restartWith: dependencies.filter((dependency) => dependency.restart).map((dependency) => dependency.serviceName),
    ...(grace !== undefined && grace !== '' ? { stopGraceSeconds: Number(grace) } : {}),
  };
};

export const observeProject = async (
  engine: Engine,
  projectName: string,
  imageRefs: string[] = [],
): Promise<ObservedProject> => {
  const filter = projectFilter(projectName);
  const [containers, networks, volumes, images] = await Promise.all([
    engine.listContainers(filter),
    engine.listNetworks(filter),
    engine.listVolumes(filter),
    Promise.all(
      [...new Set(imageRefs)].map(async (reference) => [reference, await engine.inspectImage(reference)] as const),
    ),
  ]);
  return {
    name: projectName,
    containers: containers
      .map(toObservedContainer)
      .sort((a, b) => a.serviceName.localeCompare(b.serviceName) || a.number - b.number),
    networks,
    volumes,
    images: Object.fromEntries(images),
  };
};
