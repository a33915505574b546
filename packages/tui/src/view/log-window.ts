// The part of the log the pane shows: the newest rows when following, else the rows ending
// at the entry the user scrolled to. Scrolling is anchored by entry id, so new lines and
// dropped old lines never move a paused view.

import { lastIndexAtOrBefore } from './log-buffer.js';
import type { LogEntry, ScrollState } from './view-state.js';

export interface LogWindow {
  entries: LogEntry[];
  /** Entries below the window (arrived while paused). */
  newer: number;
}

export function selectLogWindow(entries: LogEntry[], scroll: ScrollState, rows: number): LogWindow {
  const bottom = scroll.follow ? entries.length - 1 : bottomIndex(entries, scroll.bottomId, rows);
  const top = Math.max(0, bottom - rows + 1);
  return { entries: entries.slice(top, bottom + 1), newer: entries.length - 1 - bottom };
}

/** The paused bottom, pushed down when fewer than `rows` entries would show above it. */
function bottomIndex(entries: LogEntry[], bottomId: number, rows: number): number {
  const index = lastIndexAtOrBefore(entries, bottomId);
  return Math.min(entries.length - 1, Math.max(index, rows - 1));
}

/** Moves the view by `delta` entries (negative is up); reaching the newest entry follows again. */
export function scrollBy(entries: LogEntry[], scroll: ScrollState, delta: number, rows: number): ScrollState {
  if (entries.length === 0) return scroll;
  const current = scroll.follow ? entries.length - 1 : bottomIndex(entries, scroll.bottomId, rows);
  const lowest = Math.min(entries.length - 1, rows - 1);
  const target = Math.min(entries.length - 1, Math.max(lowest, current + delta));
  if (target >= entries.length - 1 && delta >= 0) return { follow: true };
  return { follow: false, bottomId: entries[target]!.id };
}

export function scrollToTop(entries: LogEntry[], rows: number): ScrollState {
  if (entries.length <= rows) return { follow: true };
  return { follow: false, bottomId: entries[rows - 1]!.id };
}

/** Pauses at the newest entry, or follows again. */
export function toggleFollow(entries: LogEntry[], scroll: ScrollState): ScrollState {
  if (!scroll.follow) return { follow: true };
  const newest = entries.at(-1);
  return { follow: false, bottomId: newest?.id ?? 0 };
}
