// One clock for sealing the log batches of every stream client: the units the log plane
// hands over in one turn (one tick's lines, for every client) become frames together, so
// clients that get the same units share one frame head (stream-frame.ts).

export class SealClock {
  private readonly waiting = new Set<() => void>();
  private scheduled = false;

  /** `intervalMs` 0 seals after the I/O callbacks of the current turn. */
  constructor(private readonly intervalMs: number) {}

  /** Runs `seal` at the next tick (once, however often it is requested before). */
  request(seal: () => void): void {
    this.waiting.add(seal);
    if (this.scheduled) return;
    this.scheduled = true;
    if (this.intervalMs === 0) setImmediate(this.tick);
    else setTimeout(this.tick, this.intervalMs);
  }

  private readonly tick = (): void => {
    this.scheduled = false;
    const seals = [...this.waiting];
    this.waiting.clear();
    for (const seal of seals) seal();
  };
}

/** Seals after the I/O callbacks of the turn the units came in. */
export const turnSealClock = new SealClock(0);
