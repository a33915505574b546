// Holds the status state and tells subscribers what changed. Every change goes through
// `dispatch` -> reduceStatus; the store compares the derived views before and after and
// emits one change per service (or project) that differs.

import type { ProjectStatus, ServiceStatus } from '../protocol/messages.js';
import type { StatusEvent } from './status-events.js';
import { deriveProjectStatus, deriveServiceStatus, isCrashLooping } from './derive-status.js';
import { emptyStatusState, reduceStatus, type StatusState } from './status-reducer.js';

export type StatusChange =
  | { kind: 'service'; status: ServiceStatus }
  | { kind: 'project'; status: ProjectStatus }
  | { kind: 'project-removed'; projectName: string };

export type StatusListener = (change: StatusChange) => void;

/** Gives the last lines of a service when it is found crash-looping. */
export type LastLinesSource = (projectName: string, serviceName: string) => string[];

export class StatusStore {
  private state: StatusState = emptyStatusState();
  private views = new Map<string, ProjectStatus>();
  private readonly listeners = new Set<StatusListener>();

  constructor(private readonly lastLines: LastLinesSource = () => []) {}

  subscribe(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  current(): StatusState {
    return this.state;
  }

  projects(): ProjectStatus[] {
    return [...this.views.values()].sort((a, b) => a.projectName.localeCompare(b.projectName));
  }

  project(projectName: string): ProjectStatus | undefined {
    return this.views.get(projectName);
  }

  dispatch(event: StatusEvent): void {
    this.dispatchAll([event]);
  }

  /** Applies the events in order and tells subscribers once what changed in all. */
  dispatchAll(events: readonly StatusEvent[]): void {
    const previous = this.state;
    let next = previous;
    for (const event of events) next = reduceStatus(next, event);
    next = this.attachLastLines(next);
    if (next === previous) return;
    this.state = next;
    this.publish();
  }

  /**
   * New output of a service arrived: a crash-looping service shows it at once, since a
   * short run's lines can reach the log hub after the engine reported the exit.
   */
  linesArrived(projectName: string, serviceName: string): void {
    const slot = this.state.projects[projectName]?.services[serviceName];
    if (slot === undefined || !isCrashLooping(slot)) return;
    const lines = this.lastLines(projectName, serviceName);
    if (JSON.stringify(lines) === JSON.stringify(slot.lastLines ?? [])) return;
    this.dispatch({ kind: 'last-lines', projectName, serviceName, lines });
  }

  private attachLastLines(state: StatusState): StatusState {
    let next = state;
    for (const project of Object.values(state.projects)) {
      for (const slot of Object.values(project.services)) {
        if (isCrashLooping(slot)) {
          const lines = this.lastLines(project.projectName, slot.serviceName);
          if (JSON.stringify(lines) !== JSON.stringify(slot.lastLines ?? [])) {
            next = reduceStatus(next, {
              kind: 'last-lines',
              projectName: project.projectName,
              serviceName: slot.serviceName,
              lines,
            });
          }
        }
      }
    }
    return next;
  }

  private publish(): void {
    const nextViews = new Map<string, ProjectStatus>();
    for (const project of Object.values(this.state.projects))
      nextViews.set(project.projectName, deriveProjectStatus(project));
    const changes: StatusChange[] = [];
    for (const [projectName, view] of nextViews) {
      const before = this.views.get(projectName);
      const sameShape =
        before !== undefined &&
        before.workingDir === view.workingDir &&
        JSON.stringify(before.configFiles) === JSON.stringify(view.configFiles) &&
        JSON.stringify(before.configIssues) === JSON.stringify(view.configIssues) &&
        JSON.stringify(before.services.map((service) => service.serviceName)) ===
          JSON.stringify(view.services.map((service) => service.serviceName));
      if (!sameShape) {
        changes.push({ kind: 'project', status: view });
        continue;
      }
      for (const service of view.services) {
        const old = before.services.find((candidate) => candidate.serviceName === service.serviceName);
        if (JSON.stringify(old) !== JSON.stringify(service)) changes.push({ kind: 'service', status: service });
      }
    }
    for (const projectName of this.views.keys())
      if (!nextViews.has(projectName)) changes.push({ kind: 'project-removed', projectName });
    this.views = nextViews;
    for (const change of changes) for (const listener of this.listeners) listener(change);
  }
}

export { deriveServiceStatus };
