// Engine events of the in-memory fake: the listeners streamEvents registers, container
// events labelled the way the engine labels them, and simulated stream breaks.

import type { EngineEvent, Labels } from './engine.js';
import { matchesFilter, type FakeContainer } from './fake-container.js';

export class FakeEventHub {
  private readonly listeners = new Set<(event: EngineEvent) => void>();

  /** Emits a container event stamped with `time` (seconds). */
  emitContainer(container: FakeContainer, action: string, time: number, exitCode?: number): void {
    const event: EngineEvent = {
      kind: 'container',
      action,
      containerId: container.id,
      labels: { ...container.spec.labels, name: container.spec.name, image: container.spec.image },
      ...(exitCode !== undefined ? { exitCode } : {}),
      time,
    };
    for (const listener of [...this.listeners]) listener(event);
  }

  /** Breaks every event stream once (each emits 'disconnected' then 'reconnected'). */
  disconnect(error: string): void {
    for (const listener of [...this.listeners]) {
      listener({ kind: 'disconnected', error });
      listener({ kind: 'reconnected' });
    }
  }

  /** Delivers events (container events matching `filterLabels`) until `signal` aborts. */
  async follow(filterLabels: Labels, signal: AbortSignal, onEvent: (event: EngineEvent) => void): Promise<void> {
    if (signal.aborted) return;
    await new Promise<void>((resolve) => {
      const listener = (event: EngineEvent): void => {
        if (event.kind !== 'container' || matchesFilter(event.labels, filterLabels)) onEvent(event);
      };
      this.listeners.add(listener);
      signal.addEventListener('abort', () => (this.listeners.delete(listener), resolve()), { once: true });
    });
  }
}
