// Keeps the daemon's event loop responsive while engine output floods in. The work for a
// chunk of engine output (splitting it into lines, the log hub, every stream client) runs
// at once while this turn of the event loop has spent less than `sliceMs` on such work.
// Past that, the chunk waits here and its stream is paused (the engine keeps the output
// meanwhile); waiting chunks are handled in later turns, at most one slice per turn, one
// chunk per source in turn, so API requests and timers are served in between. After a
// full slice the pacer rests `restMs` before the next, so under a flood the daemon's
// thread is idle part of the time: a request arriving then is served as soon as the
// machine gives the thread a core, instead of queueing behind a thread that is always
// busy (on a loaded machine a thread that never sleeps waits longest for a core). Each
// source's work runs in the order it was given.

/** What the pacer pauses while a source's work waits: a readable stream. */
export interface PacedSource {
  pause(): unknown;
  resume(): unknown;
}

export interface PacerClock {
  now(): number;
  /** Runs `callback` after the I/O callbacks of this turn (setImmediate). */
  afterIo(callback: () => void): void;
  /** Runs `callback` after `ms` (setTimeout). */
  after(ms: number, callback: () => void): void;
}

const realClock: PacerClock = {
  now: () => performance.now(),
  afterIo: (callback) => void setImmediate(callback),
  after: (ms, callback) => void setTimeout(callback, ms),
};

export interface PacerTiming {
  /** Most time one turn of the event loop spends on paced work (one chunk may overrun it). */
  sliceMs: number;
  /** Rest after a full slice of waiting work, before the next. */
  restMs: number;
}

export class IngestPacer {
  /** Time this turn's paced work started, or undefined when none ran yet. */
  private turnStart: number | undefined;
  /** Sources with waiting work, oldest first. */
  private readonly waiting = new Map<PacedSource, (() => void)[]>();
  private drainScheduled = false;

  private sliceMs: number;
  private restMs: number;

  constructor(
    timing: PacerTiming = { sliceMs: 4, restMs: 4 },
    private readonly clock: PacerClock = realClock,
  ) {
    this.sliceMs = timing.sliceMs;
    this.restMs = timing.restMs;
  }

  /** New timing from the next slice on. */
  configure(timing: PacerTiming): void {
    this.sliceMs = timing.sliceMs;
    this.restMs = timing.restMs;
  }

  /** Runs `work` now, or later in order after the source's waiting work. */
  run(source: PacedSource, work: () => void): void {
    const queue = this.waiting.get(source);
    if (queue !== undefined) {
      queue.push(work);
      return;
    }
    // While work waits, new work waits too: the rest between slices stays a rest.
    if (this.waiting.size === 0 && this.withinSlice()) {
      work();
      return;
    }
    this.waiting.set(source, [work]);
    source.pause();
    this.scheduleDrain(false);
  }

  /** Drops the source's waiting work (its stream was closed). */
  cancel(source: PacedSource): void {
    this.waiting.delete(source);
  }

  /** Sources whose work waits; for tests and diagnostics. */
  get waitingSources(): number {
    return this.waiting.size;
  }

  private withinSlice(): boolean {
    const now = this.clock.now();
    if (this.turnStart === undefined) {
      this.turnStart = now;
      this.clock.afterIo(() => {
        this.turnStart = undefined;
      });
    }
    return now - this.turnStart < this.sliceMs;
  }

  private scheduleDrain(rest: boolean): void {
    if (this.drainScheduled) return;
    this.drainScheduled = true;
    if (rest && this.restMs > 0) this.clock.after(this.restMs, this.drain);
    else this.clock.afterIo(this.drain);
  }

  private readonly drain = (): void => {
    this.drainScheduled = false;
    const start = this.clock.now();
    while (this.waiting.size > 0 && this.clock.now() - start < this.sliceMs) {
      for (const [source, queue] of this.waiting) {
        const work = queue.shift();
        if (queue.length === 0) this.waiting.delete(source);
        work?.();
        if (!this.waiting.has(source)) source.resume();
        if (this.clock.now() - start >= this.sliceMs) break;
      }
    }
    if (this.waiting.size > 0) this.scheduleDrain(true);
  };
}

/** The daemon's one pacer for engine output. */
export const enginePacer = new IngestPacer();
