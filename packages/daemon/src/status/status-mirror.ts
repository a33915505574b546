// A copy of the status store's projects, kept up to date from its changes, for a process
// that serves stream clients without the store itself (the log-plane process).

import type { ProjectStatus } from '../protocol/messages.js';
import type { StatusChange, StatusListener } from './status-store.js';

export class StatusMirror {
  private readonly views = new Map<string, ProjectStatus>();
  private readonly listeners = new Set<StatusListener>();

  /** Starts over from these projects (no change is told). */
  reset(projects: readonly ProjectStatus[]): void {
    this.views.clear();
    for (const project of projects) this.views.set(project.projectName, project);
  }

  apply(change: StatusChange): void {
    switch (change.kind) {
      case 'project':
        this.views.set(change.status.projectName, change.status);
        break;
      case 'service': {
        const project = this.views.get(change.status.projectName);
        if (project === undefined) return;
        const services = project.services.some((service) => service.serviceName === change.status.serviceName)
          ? project.services.map((service) =>
              service.serviceName === change.status.serviceName ? change.status : service,
            )
          : [...project.services, change.status];
        this.views.set(project.projectName, { ...project, services });
        break;
      }
      case 'project-removed':
        this.views.delete(change.projectName);
        break;
    }
    for (const listener of this.listeners) listener(change);
  }

  projects(): ProjectStatus[] {
    return [...this.views.values()].sort((a, b) => a.projectName.localeCompare(b.projectName));
  }

  subscribe(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
