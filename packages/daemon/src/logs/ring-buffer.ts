// A fixed-capacity FIFO: pushing onto a full buffer evicts the oldest item and returns it.

export class RingBuffer<T> {
  private readonly items: (T | undefined)[];
  private start = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.items = new Array<T | undefined>(capacity);
  }

  get size(): number {
    return this.count;
  }

  /** Appends; returns the evicted item when the buffer was full. */
  push(item: T): T | undefined {
    if (this.count < this.capacity) {
      this.items[(this.start + this.count) % this.capacity] = item;
      this.count += 1;
      return undefined;
    }
    const evicted = this.items[this.start];
    this.items[this.start] = item;
    this.start = (this.start + 1) % this.capacity;
    return evicted;
  }

  /** Oldest first. */
  toArray(): T[] {
    const out: T[] = [];
    for (let index = 0; index < this.count; index += 1) out.push(this.items[(this.start + index) % this.capacity] as T);
    return out;
  }

  /** The item `index` places after the oldest (0 = oldest). */
  at(index: number): T | undefined {
    return index >= 0 && index < this.count ? this.items[(this.start + index) % this.capacity] : undefined;
  }

  /** Items from `index` (0 = oldest) to the newest, oldest first. */
  from(index: number): T[] {
    const out: T[] = [];
    for (let position = Math.max(0, index); position < this.count; position += 1)
      out.push(this.items[(this.start + position) % this.capacity] as T);
    return out;
  }

  /** The newest `n` items, oldest first. */
  last(n: number): T[] {
    return this.from(this.count - n);
  }
}
