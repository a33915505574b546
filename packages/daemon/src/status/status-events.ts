// Everything that can change a service's status, as data. The reducer folds these.

import type { ConfigIssue } from '@devup/schema';
import type { ContainerSummary, EngineEvent } from '../engine/engine.js';
import type { WatchState } from '../protocol/messages.js';

export interface DesiredService {
  serviceName: string;
  hasHealthcheck: boolean;
  /** Differs from the production definition (see `dev parity`). */
  drift?: boolean;
}

export interface RunnerEventInput {
  kind: 'plan' | 'progress' | 'build' | 'error';
  serviceName?: string;
  text: string;
}

export type StatusEvent =
  | {
      kind: 'project-loaded';
      projectName: string;
      workingDir: string;
      configFiles: string[];
      services: DesiredService[];
      configIssues: ConfigIssue[];
    }
  | { kind: 'config-issues'; projectName: string; issues: ConfigIssue[] }
  | { kind: 'project-removed'; projectName: string }
  /** Every container of the project as the engine lists it now. */
  | { kind: 'observed'; projectName: string; containers: ContainerSummary[]; time: number }
  /** One container as inspected after an event. */
  | { kind: 'container'; projectName: string; container: ContainerSummary; time: number }
  | { kind: 'container-removed'; projectName: string; containerId: string; time: number }
  | { kind: 'engine'; event: Extract<EngineEvent, { kind: 'container' }> }
  | { kind: 'runner'; projectName: string; event: RunnerEventInput; time: number }
  | { kind: 'last-lines'; projectName: string; serviceName: string; lines: string[] }
  | { kind: 'watch'; projectName: string; serviceName: string; watch: WatchState }
  | { kind: 'tick'; time: number }
  /** Resource use of a service (summed over its running replicas); undefined clears it. */
  | { kind: 'stats'; projectName: string; serviceName: string; usage?: { cpuPercent: number; memoryBytes: number } };
