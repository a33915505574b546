// What the project layer needs from its neighbours, as types: the config loader (from
// @devup/schema), the reconciler facade (ProjectRunner) and the watcher. The daemon
// wires the real ones; tests pass small fakes.

import type { ConfigIssue, Project } from '@devup/schema';
import type { WatchState } from '../protocol/messages.js';

export interface LoadOptions {
  cwd: string;
  env: Record<string, string>;
  files?: string[];
  projectName?: string;
  projectDirectory?: string;
  envFiles?: string[];
  profiles?: string[];
  services?: string[];
}

export type LoadResult =
  | { ok: true; project: Project; warnings: ConfigIssue[] }
  | { ok: false; issues: ConfigIssue[]; warnings: ConfigIssue[] };

export type LoadProject = (options: LoadOptions) => Promise<LoadResult>;

export interface RunnerEvent {
  kind: 'plan' | 'progress' | 'build' | 'error';
  serviceName?: string;
  text: string;
  /** For progress and error: what happened to the step. */
  status?: 'started' | 'done' | 'failed' | 'skipped';
}

export interface UpOptions {
  services?: string[];
  build?: boolean;
  forceRecreate?: boolean;
  dryRun?: boolean;
  /** Remove containers of services no longer in the config (default false, as Compose). */
  removeOrphans?: boolean;
  noBuild?: boolean;
  pull?: 'always' | 'missing' | 'never' | 'build';
  timeoutSeconds?: number;
}

/** A failed service as the runner reports it; shapes vary, so only these fields are read. */
export type RunnerFailure =
  { serviceName?: string; service?: string; resource?: string; message?: string; error?: unknown } | string;

export interface RunnerPort {
  planUp(project: Project, options: UpOptions): Promise<unknown>;
  /** `orphans`: names of containers of services no longer in the config, left in place. */
  up(
    project: Project,
    options: UpOptions,
  ): Promise<{ planText: string; failed: readonly RunnerFailure[]; orphans?: readonly string[] }>;
  /** `services`: the config's, when it loaded; containers of others are orphans, kept unless `removeOrphans`. */
  down(
    projectName: string,
    options: { volumes?: boolean; timeoutSeconds?: number; services?: string[]; removeOrphans?: boolean },
  ): Promise<{ orphans?: readonly string[] } | void>;
  stop(project: Project, services: string[], options?: { timeoutSeconds?: number }): Promise<unknown>;
  start(project: Project, services: string[]): Promise<unknown>;
  restart(
    project: Project,
    services: string[],
    options?: { timeoutSeconds?: number; noDeps?: boolean },
  ): Promise<unknown>;
  build(project: Project, services: string[], options?: { noCache?: boolean; pull?: boolean }): Promise<unknown>;
  /** Builds one service's image and replaces its containers (a watch `rebuild`); rejects when the build fails. */
  rebuildService?(project: Project, serviceName: string): Promise<void>;
}

/** `environment`: the CLI's variables, for values Compose takes from the environment (secrets, pass-through). */
export type CreateRunner = (onEvent: (event: RunnerEvent) => void, environment: Record<string, string>) => RunnerPort;

/** A running watch over one project's files; stopped with `dev down` or `--no-watch`. */
export interface WatchSession {
  stop(): Promise<void>;
  /** Called with the newly loaded project after each `up`. */
  update?(project: Project): void;
}

export interface WatchContext {
  project: Project;
  runner: RunnerPort;
  onState: (serviceName: string, state: WatchState) => void;
  onActivity: (serviceName: string | undefined, text: string, kind?: 'watch' | 'error') => void;
  /** Watching resumes after devd restarted: the containers already hold the files, so no initial sync. */
  resumed?: boolean;
}

/** Starts watching a project; returns undefined when it has no watch rules. */
export type StartWatch = (context: WatchContext) => Promise<WatchSession | undefined>;
