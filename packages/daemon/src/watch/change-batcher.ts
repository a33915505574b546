// Collects changed paths and hands them on as one batch once changes stop for a short
// quiet period, or when the oldest change in the batch has waited `maxDelayMs`, so a
// steady stream of writes cannot postpone a sync forever. Paths are de-duplicated.

export interface BatcherClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: BatcherClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface ChangeBatcherOptions {
  /** Quiet time after the last change before the batch is emitted. */
  quietMs?: number;
  /** Longest time the first change of a batch waits. */
  maxDelayMs?: number;
  clock?: BatcherClock;
  onBatch(paths: string[]): void;
}

export const DEFAULT_QUIET_MS = 50;
export const DEFAULT_MAX_DELAY_MS = 500;

export class ChangeBatcher {
  private readonly quietMs: number;
  private readonly maxDelayMs: number;
  private readonly clock: BatcherClock;
  private readonly onBatch: (paths: string[]) => void;
  private pending = new Set<string>();
  private firstAt: number | undefined;
  private timer: unknown;
  private disposed = false;

  constructor(options: ChangeBatcherOptions) {
    this.quietMs = options.quietMs ?? DEFAULT_QUIET_MS;
    this.maxDelayMs = options.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
    this.clock = options.clock ?? systemClock;
    this.onBatch = options.onBatch;
  }

  add(paths: Iterable<string>): void {
    if (this.disposed) return;
    let added = false;
    for (const path of paths) {
      this.pending.add(path);
      added = true;
    }
    if (!added) return;
    const now = this.clock.now();
    this.firstAt ??= now;
    const untilCap = this.firstAt + this.maxDelayMs - now;
    this.schedule(Math.max(0, Math.min(this.quietMs, untilCap)));
  }

  /** Emits what is pending now. */
  flush(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.pending.size === 0) return;
    const paths = [...this.pending];
    this.pending = new Set();
    this.firstAt = undefined;
    this.onBatch(paths);
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
  }

  private schedule(ms: number): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = this.clock.setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, ms);
  }
}
