// Follows the engine's event stream and keeps the status store and the log pumps in
// step with it. When the stream breaks (engine restarted or gone) it reconnects with
// backoff, re-observes every project and resumes the log pumps.

import type { DaemonLog } from '../daemon-log.js';
import type { ContainerSummary, Engine, EngineEvent } from '../engine/engine.js';
import type { PumpControl } from '../logs/log-plane.js';
import type { StatusStore } from './status-store.js';
import { NUMBER_LABEL, ONEOFF_LABEL, PROJECT_LABEL, SERVICE_LABEL } from './compose-labels.js';

export interface EngineFollowerOptions {
  /** Projects the daemon serves now. */
  projectNames: () => string[];
  /** Backoff steps in ms between reconnect attempts; the last repeats. */
  backoffMs?: number[];
  now?: () => number;
}

export interface EngineConnection {
  connected: boolean;
  version?: string;
  error?: string;
}

const pumpTargetOf = (container: ContainerSummary) => ({
  containerId: container.id,
  projectName: container.labels[PROJECT_LABEL] ?? '',
  serviceName: container.labels[SERVICE_LABEL] ?? '',
  replica: Number.parseInt(container.labels[NUMBER_LABEL] ?? '1', 10) || 1,
});

const isServiceContainer = (container: ContainerSummary): boolean =>
  container.labels[SERVICE_LABEL] !== undefined && container.labels[ONEOFF_LABEL] !== 'True';

/** What an inspect tells that the engine's container list does not. */
interface InspectedFacts {
  startedAt?: string;
  restartCount: number;
  oomKilled?: boolean;
  /** When an inspect first found the container no longer running (daemon clock, ms). */
  exitSeenAt?: number;
}

/** First wait before an exit 137 without the OOM flag is inspected again. */
const OOM_RECHECK_MS = 500;
/**
 * How long after an exit without the OOM flag the engine may still set it (seconds later
 * on a loaded machine). Past this, the exit is taken as it is (a `docker kill` also exits
 * 137) and not inspected again.
 */
const OOM_SETTLE_MS = 60_000;

export class EngineFollower {
  private abort?: AbortController;
  private generation = 0;
  private stopped = false;
  private attempt = 0;
  private retryTimer?: NodeJS.Timeout;
  readonly connection: EngineConnection = { connected: false };
  /** Start time and restart count per container, from its last inspect. */
  private readonly inspected = new Map<string, InspectedFacts>();

  constructor(
    private readonly engine: Engine,
    private readonly store: StatusStore,
    private readonly pumps: PumpControl,
    private readonly log: DaemonLog,
    private readonly options: EngineFollowerOptions,
  ) {}

  private get now(): number {
    return (this.options.now ?? Date.now)();
  }

  start(): void {
    this.stopped = false;
    void this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.abort?.abort();
    if (this.retryTimer !== undefined) clearTimeout(this.retryTimer);
  }

  /** Lists the project's containers and folds them into the status; starts their log pumps. */
  async observe(projectName: string): Promise<ContainerSummary[]> {
    const containers = await this.withStartTimes(await this.engine.listContainers({ [PROJECT_LABEL]: projectName }));
    this.store.dispatch({ kind: 'observed', projectName, containers, time: this.now });
    for (const container of containers) {
      if (isServiceContainer(container) && (container.state === 'running' || container.state === 'restarting'))
        this.pumps.ensure(pumpTargetOf(container));
    }
    return containers;
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    try {
      const { version } = await this.engine.ping();
      Object.assign(this.connection, { connected: true, version, error: undefined });
    } catch (error) {
      Object.assign(this.connection, {
        connected: false,
        error: String(error instanceof Error ? error.message : error),
      });
      this.scheduleReconnect(generation);
      return;
    }
    this.abort?.abort();
    const abort = new AbortController();
    this.abort = abort;
    const stream = this.engine.streamEvents({}, abort.signal, (event) => this.onEvent(event, generation));
    if (this.attempt > 0) this.log.info({ attempts: this.attempt }, 'engine connection restored');
    this.attempt = 0;
    await Promise.all(
      this.options
        .projectNames()
        .map((projectName) =>
          this.observe(projectName).catch((error: unknown) =>
            this.log.warn({ projectName, error: String(error) }, 'observe failed'),
          ),
        ),
    );
    stream
      .catch((error: unknown) => this.log.warn({ error: String(error) }, 'engine event stream failed'))
      .finally(() => {
        if (!abort.signal.aborted) this.lost(generation, 'event stream ended');
      });
  }

  private onEvent(event: EngineEvent, generation: number): void {
    if (generation !== this.generation) return;
    switch (event.kind) {
      case 'disconnected':
        if (this.connection.connected) this.log.warn({ reason: event.error }, 'engine connection lost; reconnecting');
        Object.assign(this.connection, { connected: false, error: event.error });
        return;
      case 'reconnected':
        this.log.info({}, 'engine connection restored; re-observing');
        void this.reobserve();
        return;
      case 'container':
        break;
    }
    const projectName = event.labels[PROJECT_LABEL];
    if (projectName === undefined || !this.options.projectNames().includes(projectName)) return;
    // Engines report event time in seconds; the status model counts in milliseconds.
    const time = event.time < 1e11 ? event.time * 1000 : event.time;
    this.store.dispatch({ kind: 'engine', event: { ...event, time } });
    if (event.action === 'destroy') {
      this.store.dispatch({ kind: 'container-removed', projectName, containerId: event.containerId, time: this.now });
      this.pumps.forget(event.containerId);
      return;
    }
    if (
      ['create', 'start', 'die', 'stop', 'restart', 'oom', 'pause', 'unpause'].includes(event.action) ||
      event.action.startsWith('health_status')
    ) {
      void this.refresh(projectName, event.containerId, event.action === 'start');
    }
  }

  /** After the engine came back: fresh state for every project, log pumps resumed. */
  private async reobserve(): Promise<void> {
    try {
      const { version } = await this.engine.ping();
      Object.assign(this.connection, { connected: true, version, error: undefined });
    } catch (error) {
      Object.assign(this.connection, {
        connected: false,
        error: String(error instanceof Error ? error.message : error),
      });
      return;
    }
    await Promise.all(
      this.options
        .projectNames()
        .map((projectName) =>
          this.observe(projectName).catch((error: unknown) =>
            this.log.warn({ projectName, error: String(error) }, 'observe failed'),
          ),
        ),
    );
  }

  /**
   * The engine's list has no start time, restart count nor OOM flag: they come from an
   * inspect, made once per container start (events refresh them) and remembered. A
   * container that exited 137 is inspected too: it may have been killed for memory before
   * its project was followed, and its `oom` event went by unseen.
   */
  private async withStartTimes(containers: ContainerSummary[]): Promise<ContainerSummary[]> {
    return Promise.all(
      containers.map(async (container) => {
        const live = container.state === 'running' || container.state === 'restarting';
        if (container.startedAt !== undefined || (!live && container.exitCode !== 137)) return container;
        let known = this.inspected.get(container.id);
        // An exit 137 not yet known as an OOM kill is asked again: what was remembered may
        // be from before the kill (an inspect while running, or one answered late), or from
        // before the engine set the flag. Once an exit has settled, it is not asked again.
        const exitSettled = known?.exitSeenAt !== undefined && this.now - known.exitSeenAt >= OOM_SETTLE_MS;
        if (known === undefined || (!live && known.oomKilled !== true && !exitSettled)) {
          const inspected = await this.engine.inspectContainer(container.id).catch(() => undefined);
          if (inspected === undefined) return container;
          known = this.remember(inspected);
        }
        return {
          ...container,
          restartCount: Math.max(container.restartCount, known.restartCount),
          ...(known.startedAt !== undefined && live ? { startedAt: known.startedAt } : {}),
          ...(known.oomKilled === true ? { oomKilled: true } : {}),
        };
      }),
    );
  }

  private remember(container: ContainerSummary): InspectedFacts {
    const before = this.inspected.get(container.id);
    // An OOM kill stays known for the container even if an older inspect answers after it.
    const oomKilled = container.oomKilled === true || (before?.oomKilled === true && container.state !== 'running');
    const live = container.state === 'running' || container.state === 'restarting';
    const exitSeenAt = live ? undefined : (before?.exitSeenAt ?? this.now);
    const known = {
      restartCount: container.restartCount,
      ...(container.startedAt !== undefined ? { startedAt: container.startedAt } : {}),
      ...(oomKilled ? { oomKilled: true } : {}),
      ...(exitSeenAt !== undefined ? { exitSeenAt } : {}),
    };
    this.inspected.set(container.id, known);
    if (this.inspected.size > 10_000) this.inspected.delete(this.inspected.keys().next().value as string);
    return known;
  }

  private async refresh(projectName: string, containerId: string, started: boolean, attempt = 0): Promise<void> {
    try {
      const container = await this.engine.inspectContainer(containerId);
      if (container === undefined) {
        this.store.dispatch({ kind: 'container-removed', projectName, containerId, time: this.now });
        return;
      }
      this.remember(container);
      this.store.dispatch({ kind: 'container', projectName, container, time: this.now });
      if (started && isServiceContainer(container)) this.pumps.ensure(pumpTargetOf(container));
      // The engine may mark an OOM kill after it reported the exit (and send no event for
      // it): an exit 137 without the flag is looked at again a little later.
      if (container.state === 'exited' && container.exitCode === 137 && container.oomKilled !== true && attempt < 3)
        setTimeout(
          () => {
            if (!this.stopped) void this.refresh(projectName, containerId, false, attempt + 1);
          },
          OOM_RECHECK_MS * (attempt + 1),
        ).unref();
    } catch (error) {
      this.log.debug({ containerId, error: String(error) }, 'inspect after event failed');
    }
  }

  private lost(generation: number, reason: string): void {
    if (generation !== this.generation || this.stopped) return;
    this.generation += 1;
    this.abort?.abort();
    Object.assign(this.connection, { connected: false, error: reason });
    this.log.warn({ reason }, 'engine connection lost; reconnecting');
    this.scheduleReconnect(this.generation);
  }

  private scheduleReconnect(generation: number): void {
    if (this.stopped || generation !== this.generation) return;
    const steps = this.options.backoffMs ?? [200, 400, 800, 1600, 2000];
    const delay = steps[Math.min(this.attempt, steps.length - 1)] ?? 2000;
    this.attempt += 1;
    this.retryTimer = setTimeout(() => void this.connect(), delay);
  }
}
