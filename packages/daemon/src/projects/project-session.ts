// One served project: its load options, the last loaded Project, its runner, its watch
// session, and a queue so two commands on the same project never interleave.

import type { Project } from '@devup/schema';
import type { ProjectRef } from '../protocol/messages.js';
import type { RunnerPort, StartWatch, WatchContext, WatchSession } from './project-ports.js';

export class ProjectSession {
  project?: Project;
  private watchSession?: WatchSession;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    readonly projectName: string,
    public ref: ProjectRef,
    public runner: RunnerPort,
  ) {}

  /** Runs `task` after every task queued before it on this project. */
  exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves once every queued task has finished. */
  idle(): Promise<void> {
    return this.queue.then(() => undefined);
  }

  get watching(): boolean {
    return this.watchSession !== undefined;
  }

  /** Starts watching (or hands the new project to the running watch). */
  async startWatch(startWatch: StartWatch | undefined, context: Omit<WatchContext, 'runner'>): Promise<boolean> {
    if (startWatch === undefined) return false;
    if (this.watchSession !== undefined) {
      this.watchSession.update?.(context.project);
      return true;
    }
    this.watchSession = await startWatch({ ...context, runner: this.runner });
    return this.watchSession !== undefined;
  }

  async stopWatch(): Promise<void> {
    const session = this.watchSession;
    this.watchSession = undefined;
    await session?.stop();
  }
}
