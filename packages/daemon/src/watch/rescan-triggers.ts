// When one tick of the watcher says file events may have been lost, so the tree is
// rescanned: the event loop was blocked long enough for the kernel queue to overflow, the
// tick's events came close to the queue size, or a long burst of events just ended.

export interface TickCounts {
  /** How much later than planned the tick ran. */
  stallMs: number;
  /** Events since the previous tick. */
  events: number;
  /** Events of the ticks since the last quiet one, before this tick. */
  burstEvents: number;
  tickMs: number;
}

export interface RescanThresholds {
  stallThresholdMs: number;
  /** The kernel's event queue size (max_queued_events). */
  queueSize: number;
  burstRescanEvents: number;
}

export interface RescanTrigger {
  reason: string;
  /** The rescan covers the burst: its count starts again. */
  endsBurst: boolean;
}

/** Why this tick calls for a rescan, or undefined. */
export function rescanTriggerOf(tick: TickCounts, thresholds: RescanThresholds): RescanTrigger | undefined {
  if (tick.stallMs > thresholds.stallThresholdMs) {
    return {
      reason: `the event loop was blocked for ${Math.round(tick.stallMs)} ms; file events may have been dropped`,
      endsBurst: false,
    };
  }
  if (tick.events > thresholds.queueSize / 2) {
    return {
      reason: `${tick.events} file events in ${tick.tickMs} ms, near the kernel queue size (${thresholds.queueSize})`,
      endsBurst: false,
    };
  }
  if (tick.events === 0 && tick.burstEvents >= thresholds.burstRescanEvents) {
    return {
      reason: `after a burst of ${tick.burstEvents} file events, checking that none was missed`,
      endsBurst: true,
    };
  }
  return undefined;
}
