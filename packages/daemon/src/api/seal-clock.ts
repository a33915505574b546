// One clock for sealing the log batches of every stream client. Each tick turns the lines
// every client got since the last tick into frames, for all clients at the same moment:
// clients that follow the same project get the same lines and so share one frame body
// (stream-frame.ts), and a flood costs each client tens of frames a second, not one per
// turn of the event loop (every frame is a socket write with its own allocations).

/** How often batches are sealed: lines reach clients at most this much later. */
export const SEAL_INTERVAL_MS = 20;

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

export const sharedSealClock = new SealClock(SEAL_INTERVAL_MS);
