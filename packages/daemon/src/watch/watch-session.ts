// A project's watch session: folder watchers -> change batcher -> per-service plans ->
// sync / restart / exec / rebuild, one service at a time in order, reporting each
// service's watch state and what happened.
//
// A service busy with a batch (a rebuild, a sync) collects the changes that arrive
// meanwhile and handles them as one batch afterwards, so nothing changed during a build
// is lost. A rebuild builds first and swaps the container only on success (the
// `rebuild` callback's job); when it fails the old container keeps running and the
// service reports the failure.

import { statSync } from 'node:fs';
import { basename } from 'node:path';
import type { Project } from '@devup/schema';
import type { Engine } from '../engine/engine.js';
import type { WatchState } from '../protocol/messages.js';
import type { SyncChannelKind } from '../sync/container-sync-channel.js';
import { applyWatchPlan, SyncChannelPool } from './apply-watch-plan.js';
import { ChangeBatcher, type BatcherClock } from './change-batcher.js';
import { BaselineKeeper, type WatchBaselines, type WatchBaselineStore } from './watch-baseline.js';
import { watchFolder, type FileWatcher, type FileWatcherError } from './file-watcher.js';
import { loadRebuildDockerignores } from './rebuild-dockerignores.js';
import type { PathMatcher } from './ignore-patterns.js';
import { planInitialSync, planWatchActions, type ServiceWatchPlan } from './plan-watch-actions.js';
import { planWatchRoots } from './watch-roots.js';

export type WatchActivityKind = 'watch' | 'error';

export interface WatchSessionOptions {
  engine: Engine;
  project: Project;
  /** Running containers of a service (all replicas). */
  containersFor(serviceName: string): Promise<string[]>;
  /** Builds the service's image, then replaces its containers; rejects when the build fails. */
  rebuild(serviceName: string): Promise<void>;
  onState(serviceName: string, state: WatchState): void;
  onActivity(text: string, serviceName?: string, kind?: WatchActivityKind): void;
  quietMs?: number;
  maxDelayMs?: number;
  clock?: BatcherClock;
  /** Force a sync channel (tests, benchmarks). */
  syncChannel?: SyncChannelKind;
  /** Skip `initial_sync` (a restarted daemon resuming a session). */
  skipInitialSync?: boolean;
  /**
   * Where the watched trees are recorded when everything seen is applied; a session that
   * skips `initial_sync` (resumed) applies what changed since that record.
   */
  baseline?: WatchBaselineStore;
}

interface ServiceQueue {
  busy: boolean;
  pending: Set<string>;
}

export class WatchSession {
  private project: Project;
  private watchers: FileWatcher[] = [];
  private readonly batcher: ChangeBatcher;
  private readonly pool: SyncChannelPool;
  private readonly queues = new Map<string, ServiceQueue>();
  private readonly dockerignore: Record<string, PathMatcher | undefined> = {};
  private readonly lastContainers = new Map<string, string[]>();
  private stopped = false;
  private idleWaiters: (() => void)[] = [];
  private readonly keeper: BaselineKeeper | undefined;

  constructor(private readonly options: WatchSessionOptions) {
    this.project = options.project;
    this.keeper =
      options.baseline &&
      new BaselineKeeper(
        options.baseline,
        () => new Map(this.watchers.map((watcher) => [watcher.root, watcher.currentSnapshot()])),
        (message) => options.onActivity(message, undefined, 'error'),
      );
    this.pool = new SyncChannelPool(options.engine, options.syncChannel);
    this.batcher = new ChangeBatcher({
      quietMs: options.quietMs,
      maxDelayMs: options.maxDelayMs,
      clock: options.clock,
      onBatch: (paths) => this.handleBatch(paths),
    });
  }

  /** Services with something to watch. */
  watchedServices(): string[] {
    return Object.values(this.project.services)
      .filter((service) => (service.develop?.watch.length ?? 0) > 0 || service.dev.restart_on.length > 0)
      .map((service) => service.name);
  }

  async start(): Promise<void> {
    this.stopped = false;
    await this.loadDockerignores();
    const baselines = this.options.skipInitialSync ? await this.keeper?.load() : undefined;
    await this.startWatchers(baselines);
    for (const serviceName of this.watchedServices()) this.options.onState(serviceName, { kind: 'watching' });
    if (!this.options.skipInitialSync) {
      for (const plan of planInitialSync(this.project)) this.enqueuePlan(plan, []);
    }
    this.notifyIfIdle();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    const idle = this.isIdle();
    this.batcher.dispose();
    await Promise.all(this.watchers.map((watcher) => watcher.close()));
    await this.keeper?.flush(idle);
    this.keeper?.dispose();
    this.watchers = [];
    await this.pool.closeAll();
    for (const serviceName of this.watchedServices()) this.options.onState(serviceName, { kind: 'off' });
  }

  /** A reloaded project: rules and folders may have changed. */
  async updateProject(project: Project): Promise<void> {
    this.project = project;
    await Promise.all(this.watchers.map((watcher) => watcher.close()));
    this.watchers = [];
    await this.loadDockerignores();
    await this.startWatchers();
    for (const serviceName of this.watchedServices()) this.options.onState(serviceName, { kind: 'watching' });
  }

  /** Resolves when no batch is pending or running (tests, benchmarks). */
  whenIdle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private isIdle(): boolean {
    return (
      this.batcher.pendingCount === 0 &&
      [...this.queues.values()].every((queue) => !queue.busy && queue.pending.size === 0)
    );
  }

  private notifyIfIdle(): void {
    if (!this.isIdle()) return;
    if (!this.stopped) this.keeper?.idle(() => this.isIdle());
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  /** With `baselines` (resuming), each root reports what changed since its record. */
  private async startWatchers(baselines?: WatchBaselines): Promise<void> {
    const roots = planWatchRoots(this.project, (path) => {
      try {
        return statSync(path).isDirectory();
      } catch {
        return true;
      }
    });
    if (this.options.skipInitialSync && this.keeper) {
      for (const root of roots.filter((candidate) => !baselines?.has(candidate.path)))
        this.options.onActivity(
          `no record of ${root.path} from before devd restarted: changes made meanwhile are applied when those files change again`,
          undefined,
          'watch',
        );
    }
    this.watchers = await Promise.all(
      roots.map((root) =>
        watchFolder({
          root: root.path,
          ...(root.depth !== undefined ? { depth: root.depth } : {}),
          ...(baselines?.has(root.path) ? { baseline: baselines.get(root.path)! } : {}),
          onChanges: (paths) => {
            this.keeper?.noteChanges();
            this.batcher.add(paths);
          },
          onError: (error) => this.reportWatcherError(root.path, error),
          onRecovered: (message) => {
            this.options.onActivity(message, undefined, 'watch');
            for (const serviceName of this.servicesUnder(root.path))
              this.options.onState(serviceName, { kind: 'watching' });
          },
          onRescan: (reason) => this.options.onActivity(`rescanning ${root.path}: ${reason}`, undefined, 'watch'),
        }),
      ),
    );
  }

  private reportWatcherError(root: string, error: FileWatcherError): void {
    this.options.onActivity(error.message, undefined, 'error');
    if (error.code === 'root-missing') {
      for (const serviceName of this.servicesUnder(root))
        this.options.onState(serviceName, { kind: 'failed', reason: error.message });
    }
  }

  private servicesUnder(root: string): string[] {
    return Object.values(this.project.services)
      .filter((service) =>
        [...(service.develop?.watch ?? []).map((rule) => rule.path), ...service.dev.restart_on].some(
          (path) => path === root || path.startsWith(`${root}/`),
        ),
      )
      .map((service) => service.name);
  }

  private async loadDockerignores(): Promise<void> {
    Object.assign(this.dockerignore, await loadRebuildDockerignores(this.project));
  }

  private handleBatch(paths: string[]): void {
    if (this.stopped) return;
    if (paths.some((path) => basename(path).endsWith('.dockerignore'))) {
      void this.loadDockerignores().then(() => this.dispatch(paths));
    } else {
      this.dispatch(paths);
    }
  }

  private dispatch(paths: string[]): void {
    for (const plan of planWatchActions(this.project, paths, { dockerignore: this.dockerignore })) {
      const queue = this.queueOf(plan.serviceName);
      if (queue.busy) {
        for (const path of paths) queue.pending.add(path);
      } else {
        this.enqueuePlan(plan, paths);
      }
    }
    this.notifyIfIdle();
  }

  private queueOf(serviceName: string): ServiceQueue {
    let queue = this.queues.get(serviceName);
    if (!queue) this.queues.set(serviceName, (queue = { busy: false, pending: new Set() }));
    return queue;
  }

  /** `paths`: the changes the plan answers (recorded as not applied when it fails). */
  private enqueuePlan(plan: ServiceWatchPlan, paths: readonly string[]): void {
    const queue = this.queueOf(plan.serviceName);
    queue.busy = true;
    void this.runPlan(plan).then((ok) => {
      this.keeper?.noteResult(plan.serviceName, paths, ok);
      queue.busy = false;
      if (queue.pending.size > 0 && !this.stopped) {
        const paths = [...queue.pending];
        queue.pending.clear();
        const next = planWatchActions(this.project, paths, { dockerignore: this.dockerignore }).find(
          (candidate) => candidate.serviceName === plan.serviceName,
        );
        if (next) this.enqueuePlan(next, paths);
      }
      this.notifyIfIdle();
    });
  }

  /** Resolves to whether every step succeeded; never rejects. */
  private async runPlan(plan: ServiceWatchPlan): Promise<boolean> {
    const { serviceName } = plan;
    const { onState, onActivity } = this.options;
    if (plan.rebuild) {
      onState(serviceName, { kind: 'rebuilding' });
      onActivity(`rebuilding ${serviceName}: ${plan.causes.join('; ')}`, serviceName, 'watch');
      try {
        await this.options.rebuild(serviceName);
        for (const replaced of this.lastContainers.get(serviceName) ?? []) await this.pool.drop(replaced);
        this.lastContainers.delete(serviceName);
        onState(serviceName, { kind: 'in-sync', at: new Date().toISOString() });
        onActivity(`rebuilt ${serviceName}`, serviceName, 'watch');
      } catch (error) {
        const reason = `rebuild failed; the running container was kept: ${firstCause(error)}`;
        onState(serviceName, { kind: 'failed', reason });
        onActivity(
          `${serviceName}: rebuild failed; the running container was kept: ${messageOf(error)}`,
          serviceName,
          'error',
        );
        return false;
      }
      return true;
    }
    try {
      const containerIds = await this.options.containersFor(serviceName);
      if (containerIds.length === 0) {
        onState(serviceName, { kind: 'failed', reason: 'no running container to sync into' });
        return false;
      }
      if (plan.syncs.length > 0) onState(serviceName, { kind: 'syncing', files: plan.syncs.length });
      // Containers replaced since this service's last batch: their channels go.
      for (const stale of (this.lastContainers.get(serviceName) ?? []).filter((id) => !containerIds.includes(id))) {
        await this.pool.drop(stale);
      }
      this.lastContainers.set(serviceName, containerIds);
      const user = this.project.services[serviceName]?.user;
      const report = await applyWatchPlan(this.options.engine, this.pool, plan, containerIds, user);
      for (const skipped of report.skipped)
        onActivity(`${serviceName}: skipped ${skipped.hostPath}: ${skipped.reason}`, serviceName, 'watch');
      onState(serviceName, { kind: 'in-sync', at: new Date().toISOString() });
      if (report.steps.length > 0)
        onActivity(
          `${serviceName}: ${report.steps.join(', ')} in ${Math.round(report.durationMs)} ms` +
            (report.files > 0
              ? ` (read ${Math.round(report.collectMs)} ms, send ${Math.round(report.sendMs)} ms)`
              : ''),
          serviceName,
          'watch',
        );
      return true;
    } catch (error) {
      const reason = messageOf(error);
      onState(serviceName, { kind: 'failed', reason });
      onActivity(`${serviceName}: ${reason}`, serviceName, 'error');
      return false;
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** The most specific cause on one line: the first failed step of a reconcile, else the first line. */
function firstCause(error: unknown): string {
  const failed = (error as { failed?: { error?: unknown }[] } | undefined)?.failed;
  const first = Array.isArray(failed) && typeof failed[0]?.error === 'string' ? failed[0].error : messageOf(error);
  return first.split('\n')[0]!.trim();
}
