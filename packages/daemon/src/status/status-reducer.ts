// The status model's one place of change: (state, event) -> next state. Pure: no I/O,
// no clocks (time arrives inside events), nothing awaited. Each service's public
// ServiceStatus is derived from its containers, the die history and runner progress.

import type { ContainerSummary } from '../engine/engine.js';
import type { ProjectStatus, WatchState } from '../protocol/messages.js';
import { ONEOFF_LABEL, PROJECT_LABEL, SERVICE_LABEL } from './compose-labels.js';
import type { StatusEvent } from './status-events.js';

/** A crash loop: this many dies within the window while the engine keeps restarting it. */
export const CRASH_LOOP_DIES = 3;
export const CRASH_LOOP_WINDOW_MS = 60_000;

export interface ServiceSlot {
  serviceName: string;
  desired: boolean;
  hasHealthcheck: boolean;
  containers: Record<string, ContainerSummary>;
  /** Epoch ms of recent dies (within the crash-loop window). */
  dieTimes: number[];
  lastExitCode?: number;
  oomKilled: boolean;
  stoppedByUser: boolean;
  waitingOn?: string;
  /** The last runner error for this service, until it starts. */
  problem?: string;
  building: boolean;
  recreatedBecause?: string;
  lastLines?: string[];
  watch: WatchState;
  /** Differs from the production definition, as of the last load. */
  drift?: boolean;
  usage?: { cpuPercent: number; memoryBytes: number };
}

export interface ProjectSlot {
  projectName: string;
  workingDir: string;
  configFiles: string[];
  configIssues: ProjectStatus['configIssues'];
  services: Record<string, ServiceSlot>;
}

export interface StatusState {
  projects: Record<string, ProjectSlot>;
}

export const emptyStatusState = (): StatusState => ({ projects: {} });

const newSlot = (serviceName: string): ServiceSlot => ({
  serviceName,
  desired: false,
  hasHealthcheck: false,
  containers: {},
  dieTimes: [],
  oomKilled: false,
  stoppedByUser: false,
  building: false,
  watch: { kind: 'off' },
});

const newProject = (projectName: string): ProjectSlot => ({
  projectName,
  workingDir: '',
  configFiles: [],
  configIssues: [],
  services: {},
});

const isServiceContainer = (container: ContainerSummary): boolean =>
  container.labels[SERVICE_LABEL] !== undefined && container.labels[ONEOFF_LABEL] !== 'True';

type Update<T> = (value: T) => T;

const withProject = (state: StatusState, projectName: string, update: Update<ProjectSlot>): StatusState => ({
  projects: { ...state.projects, [projectName]: update(state.projects[projectName] ?? newProject(projectName)) },
});

const withService = (project: ProjectSlot, serviceName: string, update: Update<ServiceSlot>): ProjectSlot => ({
  ...project,
  services: { ...project.services, [serviceName]: update(project.services[serviceName] ?? newSlot(serviceName)) },
});

const pruneDies = (dieTimes: number[], now: number): number[] =>
  dieTimes.filter((time) => now - time <= CRASH_LOOP_WINDOW_MS);

/** "waiting on db: healthy" from a runner progress line, when it is one. */
const waitingText = (text: string): string | undefined => (/^waiting\b/i.test(text.trim()) ? text.trim() : undefined);

/** Recreate causes from a printed plan: "... service:web:1 recreate-container  config changed: environment.DEBUG". */
const recreateCauses = (planText: string): Map<string, string> => {
  const causes = new Map<string, string>();
  for (const line of planText.split('\n')) {
    const match = /service:([^:\s]+)(?::\d+)?\s+recreate[\w-]*\s+(.+)$/.exec(line);
    if (match?.[1] !== undefined && match[2] !== undefined) causes.set(match[1], match[2].trim());
  }
  return causes;
};

const healthFromAction = (action: string): ContainerSummary['health'] | undefined => {
  const match = /^health_status:\s*(starting|healthy|unhealthy)$/.exec(action);
  return match?.[1] as ContainerSummary['health'] | undefined;
};

const reduceEngineEvent = (
  state: StatusState,
  event: Extract<StatusEvent, { kind: 'engine' }>['event'],
): StatusState => {
  const projectName = event.labels[PROJECT_LABEL];
  const serviceName = event.labels[SERVICE_LABEL];
  if (projectName === undefined || serviceName === undefined || event.labels[ONEOFF_LABEL] === 'True') return state;
  if (state.projects[projectName] === undefined) return state;
  const time = event.time;
  return withProject(state, projectName, (project) =>
    withService(project, serviceName, (slot) => {
      const container = slot.containers[event.containerId];
      const health = healthFromAction(event.action);
      if (health !== undefined) {
        return container === undefined
          ? slot
          : { ...slot, containers: { ...slot.containers, [event.containerId]: { ...container, health } } };
      }
      switch (event.action) {
        case 'die':
          return {
            ...slot,
            dieTimes: [...pruneDies(slot.dieTimes, time), time],
            ...(event.exitCode !== undefined ? { lastExitCode: event.exitCode } : {}),
          };
        case 'oom':
          return { ...slot, oomKilled: true };
        case 'stop':
          return { ...slot, stoppedByUser: true, dieTimes: [] };
        case 'start':
          return { ...slot, stoppedByUser: false, waitingOn: undefined, problem: undefined, building: false };
        default:
          return slot;
      }
    }),
  );
};

export const reduceStatus = (state: StatusState, event: StatusEvent): StatusState => {
  switch (event.kind) {
    case 'project-loaded':
      return withProject(state, event.projectName, (project) => {
        const desiredNames = new Set(event.services.map((service) => service.serviceName));
        const services: Record<string, ServiceSlot> = {};
        for (const [name, slot] of Object.entries(project.services)) {
          if (desiredNames.has(name) || Object.keys(slot.containers).length > 0)
            services[name] = { ...slot, desired: desiredNames.has(name) };
        }
        for (const service of event.services) {
          services[service.serviceName] = {
            ...(services[service.serviceName] ?? newSlot(service.serviceName)),
            desired: true,
            hasHealthcheck: service.hasHealthcheck,
            drift: service.drift === true,
          };
        }
        return {
          ...project,
          workingDir: event.workingDir,
          configFiles: event.configFiles,
          configIssues: event.configIssues,
          services,
        };
      });
    case 'config-issues':
      return withProject(state, event.projectName, (project) => ({ ...project, configIssues: event.issues }));
    case 'project-removed': {
      const projects = { ...state.projects };
      delete projects[event.projectName];
      return { projects };
    }
    case 'observed':
      return withProject(state, event.projectName, (project) => {
        const byService = new Map<string, Record<string, ContainerSummary>>();
        for (const container of event.containers.filter(isServiceContainer)) {
          const serviceName = container.labels[SERVICE_LABEL] as string;
          byService.set(serviceName, { ...(byService.get(serviceName) ?? {}), [container.id]: container });
        }
        const services: Record<string, ServiceSlot> = {};
        for (const [name, slot] of Object.entries(project.services)) {
          const containers = byService.get(name) ?? {};
          if (slot.desired || Object.keys(containers).length > 0) services[name] = { ...slot, containers };
        }
        for (const [name, containers] of byService)
          if (services[name] === undefined) services[name] = { ...newSlot(name), containers };
        return { ...project, services };
      });
    case 'container': {
      const serviceName = event.container.labels[SERVICE_LABEL];
      if (
        serviceName === undefined ||
        !isServiceContainer(event.container) ||
        state.projects[event.projectName] === undefined
      )
        return state;
      return withProject(state, event.projectName, (project) =>
        withService(project, serviceName, (slot) => ({
          ...slot,
          containers: { ...slot.containers, [event.container.id]: event.container },
          ...(event.container.oomKilled === true ? { oomKilled: true } : {}),
        })),
      );
    }
    case 'container-removed':
      if (state.projects[event.projectName] === undefined) return state;
      return withProject(state, event.projectName, (project) => {
        const services: Record<string, ServiceSlot> = {};
        for (const [name, slot] of Object.entries(project.services)) {
          if (!(event.containerId in slot.containers)) {
            services[name] = slot;
            continue;
          }
          const containers = { ...slot.containers };
          delete containers[event.containerId];
          if (slot.desired || Object.keys(containers).length > 0) services[name] = { ...slot, containers };
        }
        return { ...project, services };
      });
    case 'engine':
      return reduceEngineEvent(state, event.event);
    case 'runner': {
      const runnerEvent = event.event;
      if (state.projects[event.projectName] === undefined) return state;
      if (runnerEvent.kind === 'plan') {
        const causes = recreateCauses(runnerEvent.text);
        if (causes.size === 0) return state;
        return withProject(state, event.projectName, (project) => {
          let next = project;
          for (const [serviceName, cause] of causes)
            next = withService(next, serviceName, (slot) => ({ ...slot, recreatedBecause: cause }));
          return next;
        });
      }
      const serviceName = runnerEvent.serviceName;
      if (serviceName === undefined) return state;
      return withProject(state, event.projectName, (project) =>
        withService(project, serviceName, (slot) => {
          switch (runnerEvent.kind) {
            case 'build':
              return { ...slot, building: true, waitingOn: undefined };
            case 'progress': {
              const waiting = waitingText(runnerEvent.text);
              return {
                ...slot,
                waitingOn: waiting,
                building: waiting === undefined && /^build/i.test(runnerEvent.text),
              };
            }
            case 'error':
              return { ...slot, waitingOn: undefined, problem: runnerEvent.text, building: false };
            case 'plan':
              return slot;
          }
        }),
      );
    }
    case 'last-lines':
      if (state.projects[event.projectName]?.services[event.serviceName] === undefined) return state;
      return withProject(state, event.projectName, (project) =>
        withService(project, event.serviceName, (slot) => ({ ...slot, lastLines: event.lines })),
      );
    case 'watch':
      if (state.projects[event.projectName] === undefined) return state;
      return withProject(state, event.projectName, (project) =>
        withService(project, event.serviceName, (slot) => ({ ...slot, watch: event.watch })),
      );
    case 'stats':
      if (state.projects[event.projectName]?.services[event.serviceName] === undefined) return state;
      return withProject(state, event.projectName, (project) =>
        withService(project, event.serviceName, (slot) => ({ ...slot, usage: event.usage })),
      );
    case 'tick': {
      let changed = false;
      const projects: Record<string, ProjectSlot> = {};
      for (const [projectName, project] of Object.entries(state.projects)) {
        const services: Record<string, ServiceSlot> = {};
        for (const [serviceName, slot] of Object.entries(project.services)) {
          const dieTimes = pruneDies(slot.dieTimes, event.time);
          if (dieTimes.length !== slot.dieTimes.length) {
            changed = true;
            services[serviceName] = {
              ...slot,
              dieTimes,
              ...(dieTimes.length < CRASH_LOOP_DIES ? { lastLines: undefined } : {}),
            };
          } else services[serviceName] = slot;
        }
        projects[projectName] = { ...project, services };
      }
      return changed ? { projects } : state;
    }
  }
};
