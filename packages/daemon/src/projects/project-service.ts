// The commands the API serves (up, down, stop, start, restart, build, plan), over the
// loader, the runner and the status store. Loading happens here, in the daemon: a config
// with errors is refused with DEV_ERR_CONFIG and nothing running changes.

import { definedServices, type Project } from '@devup/schema';
import type { DaemonLog } from '../daemon-log.js';
import type {
  Activity,
  CommandResponse,
  DownRequest,
  ProjectRef,
  ProjectStatus,
  ServicesRequest,
  UpRequest,
  UpResponse,
} from '../protocol/messages.js';
import type { DaemonState } from '../state/state-file.js';
import type { StatusStore } from '../status/status-store.js';
import {
  buildOptionsOf,
  downOptionsOf,
  loadOptionsOf,
  restartOptionsOf,
  stopOptionsOf,
  upOptionsOf,
} from './command-options.js';
import { asDevError, failureOf, summarizeIssues } from './command-results.js';
import { DevError, errorMessage } from './dev-error.js';
import { planChangesNothing, planTextOf } from './plan-text.js';
import { fallbackProjectName } from './project-name.js';
import type { CreateRunner, LoadProject, RunnerEvent, StartWatch } from './project-ports.js';
import { ProjectReporter } from './project-reporter.js';
import { ProjectSession } from './project-session.js';
import { emptyProjectStatus, projectLoadedEvent, unloadedProjectEvent } from './project-status-events.js';
import { loadServiceDrift } from './service-drift.js';

export interface ProjectServiceDeps {
  loadProject: LoadProject;
  createRunner: CreateRunner;
  startWatch?: StartWatch;
  /** Deletes what a project's watch recorded to resume after a restart (on `down`, not `stop`). */
  forgetWatch?: (projectName: string) => Promise<void>;
  store: StatusStore;
  observe: (projectName: string) => Promise<unknown>;
  forgetLogs: (projectName: string) => void;
  state: DaemonState;
  saveState: (state: DaemonState) => void;
  onActivity: (activity: Activity) => void;
  log: DaemonLog;
  now?: () => Date;
}

export class ProjectService {
  private readonly sessions = new Map<string, ProjectSession>();
  /** Per project, the services that drift from production as of the last whole load. */
  private readonly drift = new Map<string, Set<string>>();
  private readonly reporter: ProjectReporter;

  constructor(private readonly deps: ProjectServiceDeps) {
    this.reporter = new ProjectReporter({ store: deps.store, onActivity: deps.onActivity, now: () => this.now });
  }

  private get now(): Date {
    return (this.deps.now ?? (() => new Date()))();
  }

  projectNames(): string[] {
    return [...new Set([...Object.keys(this.deps.state.projects), ...this.sessions.keys()])].sort();
  }

  isWatching(projectName: string): boolean {
    return this.sessions.get(projectName)?.watching ?? false;
  }

  /** Loads the project the way the CLI described it; config errors become DEV_ERR_CONFIG. */
  async load(
    ref: ProjectRef,
    services: string[] = [],
  ): Promise<{ project: Project; warnings: UpResponse['warnings'] }> {
    let result;
    const options = loadOptionsOf(ref);
    try {
      result = await this.deps.loadProject({ ...options, ...(services.length > 0 ? { services } : {}) });
    } catch (error) {
      throw new DevError('DEV_ERR_CONFIG', `loading the configuration failed: ${errorMessage(error)}`);
    }
    if (!result.ok) {
      const projectName = fallbackProjectName(ref);
      if (this.deps.store.project(projectName) !== undefined) {
        this.deps.store.dispatch({ kind: 'config-issues', projectName, issues: result.issues });
      }
      const errors = result.issues.filter((issue) => issue.severity === 'error').length;
      throw new DevError('DEV_ERR_CONFIG', summarizeIssues(errors), result.issues);
    }
    if (services.length === 0) {
      this.drift.set(result.project.name, await loadServiceDrift(this.deps.loadProject, options, result.project));
    }
    return { project: result.project, warnings: result.warnings };
  }

  /** Loads the whole project (as Compose does for `up SERVICE`: the others are not orphans) and checks the names. */
  private async loadFor(request: UpRequest): Promise<{ project: Project; warnings: UpResponse['warnings'] }> {
    const loaded = await this.load(request.ref);
    const unknown = request.services.filter((serviceName) => loaded.project.services[serviceName] === undefined);
    if (unknown.length > 0) throw new DevError('DEV_ERR_NOT_FOUND', `no such service: ${unknown.join(', ')}`);
    return loaded;
  }

  async plan(request: UpRequest): Promise<UpResponse> {
    const { project, warnings } = await this.loadFor(request);
    const session = this.session(project.name, request.ref);
    const planned = await session.runner.planUp(project, upOptionsOf(request));
    return {
      projectName: project.name,
      planText: planTextOf(planned),
      failed: [],
      warnings,
      status: this.statusOf(project.name),
    };
  }

  async planServed(projectName: string): Promise<UpResponse> {
    const registered = this.deps.state.projects[projectName];
    if (registered === undefined) throw new DevError('DEV_ERR_NOT_FOUND', `no project "${projectName}" is served`);
    return this.plan({
      ref: registered.ref,
      services: [],
      build: false,
      forceRecreate: false,
      dryRun: true,
      watch: registered.watch,
    });
  }

  async up(request: UpRequest): Promise<UpResponse> {
    if (request.dryRun) return this.plan(request);
    const { project, warnings } = await this.loadFor(request);
    const known = this.sessions.has(project.name);
    const session = this.session(project.name, request.ref);
    return session.exclusive(async () => {
      if (request.deferUnlessUpToDate === true) {
        const planned = await session.runner.planUp(project, upOptionsOf(request));
        if (!planChangesNothing(planned)) {
          // A deferred request takes nothing on: a project first seen here is not served yet.
          if (!known && this.sessions.get(project.name) === session) this.sessions.delete(project.name);
          const status = this.statusOf(project.name);
          return {
            projectName: project.name,
            planText: planTextOf(planned),
            failed: [],
            warnings,
            status,
            deferred: true,
          };
        }
      }
      session.project = project;
      this.register(project.name, request.ref, request.watch);
      this.announce(project, []);
      await this.deps.observe(project.name).catch(() => undefined);
      const result = await this.run(() => session.runner.up(project, upOptionsOf(request)));
      await this.deps.observe(project.name).catch(() => undefined);
      if (request.watch) {
        await session
          .startWatch(this.deps.startWatch, { project, ...this.reporter.watchCallbacks(project.name) })
          .catch((error: unknown) =>
            this.reporter.activity(project.name, {
              kind: 'error',
              text: `watch failed to start: ${errorMessage(error)}`,
            }),
          );
      } else await session.stopWatch();
      return {
        projectName: project.name,
        planText: result.planText,
        failed: result.failed.map(failureOf),
        warnings,
        status: this.statusOf(project.name),
        ...(result.orphans !== undefined && result.orphans.length > 0 ? { orphans: [...result.orphans] } : {}),
      };
    });
  }

  async down(request: DownRequest): Promise<CommandResponse> {
    let projectName = request.projectName;
    /** The services the config defines (profiles or not) when it loads: containers of others are orphans. */
    let services: string[] | undefined;
    if (projectName === undefined && request.ref !== undefined) {
      try {
        const { project } = await this.load(request.ref);
        projectName = project.name;
        services = definedServices(project);
      } catch (error) {
        if (!(error instanceof DevError) || error.code !== 'DEV_ERR_CONFIG') throw error;
        projectName = fallbackProjectName(request.ref);
      }
    }
    if (projectName === undefined) throw new DevError('DEV_ERR_BAD_REQUEST', 'no project named');
    const name = projectName;
    const session = this.session(name, request.ref ?? this.deps.state.projects[name]?.ref);
    return session.exclusive(async () => {
      await session.stopWatch();
      const result = await this.run(() => session.runner.down(name, downOptionsOf(request, services)));
      const orphans = result?.orphans ?? [];
      delete this.deps.state.projects[name];
      this.deps.saveState(this.deps.state);
      this.sessions.delete(name);
      this.deps.forgetLogs(name);
      await this.deps
        .forgetWatch?.(name)
        .catch((error: unknown) =>
          this.deps.log.warn({ projectName: name, error: errorMessage(error) }, 'deleting the watch record failed'),
        );
      this.deps.store.dispatch({ kind: 'project-removed', projectName: name });
      return { projectName: name, failed: [], ...(orphans.length > 0 ? { orphans: [...orphans] } : {}) };
    });
  }

  stop(request: ServicesRequest): Promise<CommandResponse> {
    return this.command(request, (session, project) =>
      session.runner.stop(project, request.services, stopOptionsOf(request)),
    );
  }

  start(request: ServicesRequest): Promise<CommandResponse> {
    return this.command(request, (session, project) => session.runner.start(project, request.services));
  }

  restart(request: ServicesRequest): Promise<CommandResponse> {
    return this.command(request, (session, project) =>
      session.runner.restart(project, request.services, restartOptionsOf(request)),
    );
  }

  build(request: ServicesRequest): Promise<CommandResponse> {
    return this.command(request, (session, project) =>
      session.runner.build(project, request.services, buildOptionsOf(request)),
    );
  }

  /**
   * Builds each service's image, then replaces its containers; a build that fails leaves
   * the running containers alone. No services: every service with a build section.
   */
  rebuild(request: ServicesRequest): Promise<CommandResponse> {
    return this.command(request, async (session, project) => {
      const rebuildService = session.runner.rebuildService?.bind(session.runner);
      if (rebuildService === undefined) throw new DevError('DEV_ERR_NOT_FOUND', 'rebuild is not available');
      const services =
        request.services.length > 0
          ? request.services
          : Object.values(project.services).flatMap((service) => (service.build !== undefined ? [service.name] : []));
      for (const serviceName of services) await rebuildService(project, serviceName);
    });
  }

  /** At daemon start: serve the registered projects again and adopt what the engine runs. */
  async adopt(projectName: string): Promise<void> {
    const registered = this.deps.state.projects[projectName];
    if (registered === undefined) return;
    const session = this.session(projectName, registered.ref);
    try {
      const { project } = await this.load(registered.ref);
      session.project = project;
      this.announce(project, []);
      if (registered.watch) {
        await session.startWatch(this.deps.startWatch, {
          project,
          ...this.reporter.watchCallbacks(projectName),
          resumed: true,
        });
      }
    } catch (error) {
      this.deps.store.dispatch(
        unloadedProjectEvent(projectName, registered.ref, error instanceof DevError ? (error.issues ?? []) : []),
      );
      this.deps.log.warn(
        { projectName, error: errorMessage(error) },
        'registered project did not load; serving what the engine runs',
      );
    }
    await this.deps.observe(projectName).catch(() => undefined);
  }

  /** Registers a project found only through the engine's labels. */
  registerFromLabels(projectName: string, ref: ProjectRef): void {
    if (this.deps.state.projects[projectName] !== undefined) return;
    this.register(projectName, ref, false);
  }

  /** Stops watching; lets commands in progress finish first (at most `drainMs`). */
  async close(drainMs = 60_000): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([...this.sessions.values()].map((session) => session.idle())),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, drainMs))),
    ]);
    if (timer !== undefined) clearTimeout(timer);
    await Promise.all([...this.sessions.values()].map((session) => session.stopWatch().catch(() => undefined)));
  }

  private async command(
    request: ServicesRequest,
    act: (session: ProjectSession, project: Project) => Promise<unknown>,
  ): Promise<CommandResponse> {
    const { project } = await this.load(request.ref);
    const session = this.session(project.name, request.ref);
    return session.exclusive(async () => {
      session.project = project;
      const unknown = request.services.filter((serviceName) => project.services[serviceName] === undefined);
      if (unknown.length > 0) throw new DevError('DEV_ERR_NOT_FOUND', `no such service: ${unknown.join(', ')}`);
      if (this.deps.store.project(project.name) === undefined) this.announce(project, []);
      await this.run(() => act(session, project));
      await this.deps.observe(project.name).catch(() => undefined);
      return { projectName: project.name, failed: [] };
    });
  }

  private async run<T>(task: () => Promise<T>): Promise<T> {
    try {
      return await task();
    } catch (error) {
      throw asDevError(error);
    }
  }

  private register(projectName: string, ref: ProjectRef, watch: boolean): void {
    const previous = this.deps.state.projects[projectName];
    this.deps.state.projects[projectName] = {
      projectName,
      ref,
      watch,
      registeredAt: previous?.registeredAt ?? this.now.toISOString(),
    };
    this.deps.saveState(this.deps.state);
  }

  private announce(project: Project, configIssues: UpResponse['warnings']): void {
    this.deps.store.dispatch(projectLoadedEvent(project, this.drift.get(project.name), configIssues));
  }

  /** The project's session, its runner working with the environment of `ref` (the latest command's). */
  private session(projectName: string, ref: ProjectRef | undefined): ProjectSession {
    const onEvent = (event: RunnerEvent): void =>
      this.reporter.runnerEvent(projectName, event, () => this.sessions.get(projectName)?.project);
    let session = this.sessions.get(projectName);
    if (session === undefined) {
      const sessionRef: ProjectRef = ref ?? { cwd: '/', files: [], envFiles: [], profiles: [], env: {}, projectName };
      session = new ProjectSession(projectName, sessionRef, this.deps.createRunner(onEvent, sessionRef.env));
      this.sessions.set(projectName, session);
    } else if (ref !== undefined && ref !== session.ref) {
      session.ref = ref;
      session.runner = this.deps.createRunner(onEvent, ref.env);
    }
    return session;
  }

  private statusOf(projectName: string): ProjectStatus {
    return this.deps.store.project(projectName) ?? emptyProjectStatus(projectName);
  }
}
