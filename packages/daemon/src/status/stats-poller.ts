// CPU and memory per service for the UI: while someone watches the stream, the running
// containers of every served project are sampled every few seconds and the sums folded
// into the status, all of a round at once (one status change per round, not one per
// service: with 50 services, each change re-derives and compares the whole project).

import type { DaemonLog } from '../daemon-log.js';
import type { Engine } from '../engine/engine.js';
import type { StatusEvent } from './status-events.js';
import type { StatusStore } from './status-store.js';

export interface StatsPollerOptions {
  intervalMs?: number;
  /** Whether anyone is watching; nothing is sampled otherwise. */
  hasViewers: () => boolean;
}

export class StatsPoller {
  private timer?: NodeJS.Timeout;
  private busy = false;

  constructor(
    private readonly engine: Pick<Engine, 'stats'>,
    private readonly store: StatusStore,
    private readonly log: DaemonLog,
    private readonly options: StatsPollerOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.sample(), this.options.intervalMs ?? 2000);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
  }

  /** One round: every running service container of every served project. */
  async sample(): Promise<void> {
    if (this.busy || !this.options.hasViewers()) return;
    this.busy = true;
    try {
      const rounds: Promise<void>[] = [];
      const events: StatusEvent[] = [];
      for (const project of this.store.projects()) {
        for (const service of project.services) {
          if (service.containerIds.length === 0) continue;
          rounds.push(
            Promise.all(
              service.containerIds.map((containerId) => this.engine.stats(containerId).catch(() => undefined)),
            ).then((samples) => {
              const known = samples.filter((sample) => sample !== undefined);
              // A round with no answer (the engine busy, a container restarting) keeps the last figures.
              if (known.length === 0) return;
              events.push({
                kind: 'stats',
                projectName: project.projectName,
                serviceName: service.serviceName,
                usage: {
                  cpuPercent: Math.round(known.reduce((total, sample) => total + sample.cpuPercent, 0) * 10) / 10,
                  memoryBytes: known.reduce((total, sample) => total + sample.memoryBytes, 0),
                },
              });
            }),
          );
        }
      }
      await Promise.all(rounds);
      if (events.length > 0) this.store.dispatchAll(events);
    } catch (error) {
      this.log.debug({ error: String(error) }, 'stats round failed');
    } finally {
      this.busy = false;
    }
  }
}
