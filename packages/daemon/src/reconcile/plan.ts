// A plan: a DAG of operations, each naming its resource and why it is there. The planner
// produces it (pure), format-plan prints it, the executor walks it without deciding.

import type { DesiredBuild, DesiredContainer, DesiredNetwork, DesiredVolume } from './desired.js';

export type Operation =
  | { kind: 'create-network'; network: DesiredNetwork }
  | { kind: 'create-volume'; volume: DesiredVolume }
  | {
      kind: 'build-image';
      serviceName: string;
      build: DesiredBuild;
      buildHash: string;
      noCache?: boolean;
      /** Ask the engine for newer versions of the base images (`build --pull`). */
      pull?: boolean;
    }
  /** Pulls a service's image from its registry (`--pull always`, or missing under `missing`). */
  | { kind: 'pull-image'; serviceName: string; imageRef: string }
  /** Fails, saying so, when the image is still missing (`--pull never` and no local image). */
  | { kind: 'require-image'; serviceName: string; imageRef: string; policy: string }
  | { kind: 'create-container'; container: DesiredContainer }
  /** Stops and removes the old container (its own stop signal and grace), then creates the new one. */
  | { kind: 'recreate-container'; container: DesiredContainer; replacedId: string; stopTimeoutSeconds?: number }
  | { kind: 'start-container'; serviceName: string; containerRef: string }
  | { kind: 'restart-container'; serviceName: string; containerRef: string; timeoutSeconds?: number }
  | { kind: 'stop-container'; serviceName: string; containerRef: string; timeoutSeconds?: number }
  /** `removeVolumes`: also the container's anonymous volumes (`down --volumes`). */
  | { kind: 'remove-container'; serviceName: string; containerRef: string; removeVolumes?: boolean }
  /** Waits until every container of the service is healthy. */
  | { kind: 'await-healthy'; serviceName: string; containerRefs: string[] }
  /** Waits until every container of the service exited 0. */
  | { kind: 'await-completed'; serviceName: string; containerRefs: string[] }
  /** Stops and removes a container of a service no longer in the config. */
  | { kind: 'remove-orphan'; serviceName: string; containerRef: string; timeoutSeconds?: number }
  /** Stops and removes a replica beyond the wanted count. */
  | { kind: 'scale-down'; serviceName: string; containerRef: string; timeoutSeconds?: number }
  | { kind: 'remove-network'; name: string }
  | { kind: 'remove-volume'; name: string };

export type OperationKind = Operation['kind'];

export interface PlanStep {
  id: number;
  /** "service:web:1", "service:db", "network:shop_default", "volume:shop_data", "image:shop-web". */
  resource: string;
  /** Why: "missing", "config changed: environment.DEBUG", "service removed from config". */
  cause: string;
  /** Steps that must succeed first. */
  after: number[];
  operation: Operation;
}

export interface Plan {
  projectName: string;
  steps: PlanStep[];
}

/** Collects steps, numbering them from 1 in the order they are added. */
export class PlanBuilder {
  readonly steps: PlanStep[] = [];

  add(resource: string, cause: string, operation: Operation, after: Iterable<number | undefined> = []): number {
    const id = this.steps.length + 1;
    const dependencies = [...new Set([...after].filter((step): step is number => step !== undefined))].sort(
      (a, b) => a - b,
    );
    this.steps.push({ id, resource, cause, after: dependencies, operation });
    return id;
  }
}

export const containerResource = (serviceName: string, number: number): string => `service:${serviceName}:${number}`;
