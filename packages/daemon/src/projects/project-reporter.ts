// Where what happens in a project is reported: runner events (and the waiting they mean
// for dependent services) and watch states go to the status store, and each gets a line
// in the activity feed, stamped with the service's clock.

import type { Project } from '@devup/schema';
import type { Activity } from '../protocol/messages.js';
import type { StatusStore } from '../status/status-store.js';
import type { RunnerEvent, WatchContext } from './project-ports.js';
import { waitingEventsFor } from './waiting-events.js';

export interface ProjectReporterDeps {
  store: StatusStore;
  onActivity: (activity: Activity) => void;
  now: () => Date;
}

export class ProjectReporter {
  constructor(private readonly deps: ProjectReporterDeps) {}

  activity(projectName: string, activity: Omit<Activity, 'projectName' | 'time'>): void {
    this.deps.onActivity({ ...activity, projectName, time: this.deps.now().toISOString() });
  }

  /** `loadedProject`: the project as last loaded, for the services waiting on the event's service. */
  runnerEvent(projectName: string, event: RunnerEvent, loadedProject: () => Project | undefined): void {
    const time = this.deps.now().getTime();
    this.deps.store.dispatch({ kind: 'runner', projectName, event, time });
    this.activity(projectName, {
      kind: event.kind,
      text: event.text,
      ...(event.serviceName !== undefined ? { serviceName: event.serviceName } : {}),
    });
    for (const waiting of waitingEventsFor(event, loadedProject())) {
      this.deps.store.dispatch({ kind: 'runner', projectName, event: waiting, time });
      this.activity(projectName, {
        kind: 'progress',
        text: waiting.text,
        ...(waiting.serviceName !== undefined ? { serviceName: waiting.serviceName } : {}),
      });
    }
  }

  /** The callbacks a project's watch reports through. */
  watchCallbacks(projectName: string): Pick<WatchContext, 'onState' | 'onActivity'> {
    return {
      onState: (serviceName, watch) => this.deps.store.dispatch({ kind: 'watch', projectName, serviceName, watch }),
      onActivity: (serviceName, text, kind) =>
        this.activity(projectName, { kind: kind ?? 'watch', text, ...(serviceName ? { serviceName } : {}) }),
    };
  }
}
