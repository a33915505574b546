// Holds the view state and batches what changes it. Stream messages queue up and are folded
// at most once per frame (default ~30 frames/s), so a flood of log lines costs one reduce
// and one render per frame, never one per line. Keys are folded at once.

import { reduceViewEvents } from '../view/view-reducer.js';
import type { ViewEvent, ViewState } from '../view/view-state.js';

export const FRAME_MILLISECONDS = 33;

export interface ViewStore {
  getState(): ViewState;
  /** Queues an event for the next frame. */
  dispatch(event: ViewEvent): void;
  /** Folds the queue and this event now (keys, resizes). */
  dispatchNow(event: ViewEvent): void;
  subscribe(listener: () => void): () => void;
  /** Number of times listeners were told of a new state. */
  frames(): number;
  dispose(): void;
}

export interface ViewStoreClock {
  now(): number;
  setTimeout(callback: () => void, milliseconds: number): unknown;
  clearTimeout(handle: unknown): void;
}

const systemClock: ViewStoreClock = {
  now: () => performance.now(),
  setTimeout: (callback, milliseconds) => setTimeout(callback, milliseconds),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export function createViewStore(
  initial: ViewState,
  options: { frameMilliseconds?: number; clock?: ViewStoreClock } = {},
): ViewStore {
  const frameMilliseconds = options.frameMilliseconds ?? FRAME_MILLISECONDS;
  const clock = options.clock ?? systemClock;
  const listeners = new Set<() => void>();
  let state = initial;
  let queue: ViewEvent[] = [];
  let timer: unknown;
  let lastFlush = Number.NEGATIVE_INFINITY;
  let frameCount = 0;
  let disposed = false;

  const flush = (): void => {
    if (timer !== undefined) clock.clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0 || disposed) return;
    const events = queue;
    queue = [];
    lastFlush = clock.now();
    const next = reduceViewEvents(state, events);
    if (next === state) return;
    state = next;
    frameCount += 1;
    for (const listener of listeners) listener();
  };

  const enqueue = (event: ViewEvent): void => {
    const last = queue.at(-1);
    if (event.kind === 'messages' && last?.kind === 'messages') {
      for (const message of event.messages) last.messages.push(message);
    } else {
      queue.push(event.kind === 'messages' ? { kind: 'messages', messages: [...event.messages] } : event);
    }
  };

  return {
    getState: () => state,
    dispatch(event) {
      if (disposed) return;
      enqueue(event);
      if (timer !== undefined) return;
      const wait = Math.max(0, lastFlush + frameMilliseconds - clock.now());
      timer = clock.setTimeout(flush, wait);
    },
    dispatchNow(event) {
      if (disposed) return;
      enqueue(event);
      flush();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    frames: () => frameCount,
    dispose() {
      disposed = true;
      if (timer !== undefined) clock.clearTimeout(timer);
      timer = undefined;
      queue = [];
      listeners.clear();
    },
  };
}
