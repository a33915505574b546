// The log pane of the current state: the plain window of log lines, or the search results
// with context, plus what its header says.

import { filterEntries } from './log-buffer.js';
import { compileSearch, selectSearchView, type SearchRow } from './log-search.js';
import { selectLogWindow } from './log-window.js';
import type { LogEntry, ViewState } from './view-state.js';

export interface LogHeader {
  /** "all services" or the focused service. */
  source: string;
  following: boolean;
  /** Lines below the view while paused. */
  newer: number;
  /** Search summary, e.g. "/timeout/ 3 of 12". */
  search?: string;
  /** Why the query was searched as plain text. */
  searchInvalid?: string;
}

export type LogPaneView =
  | { mode: 'log'; header: LogHeader; entries: LogEntry[] }
  | { mode: 'search'; header: LogHeader; rows: SearchRow[]; pattern: RegExp };

export function selectLogPane(state: ViewState, rows: number): LogPaneView {
  const entries = filterEntries(state.log.entries, state.focusService);
  const window = selectLogWindow(entries, state.scroll, rows);
  const header: LogHeader = {
    source: state.focusService ?? 'all services',
    following: state.scroll.follow,
    newer: window.newer,
  };
  const compiled = compileSearch(state.search.query);
  if (compiled === undefined) return { mode: 'log', header, entries: window.entries };

  const found = selectSearchView(entries, compiled.pattern, state.search.currentId, rows);
  const query = `/${state.search.query}/`;
  return {
    mode: 'search',
    header: {
      ...header,
      search: found.matchCount === 0 ? `${query} no match` : `${query} ${found.currentPosition} of ${found.matchCount}`,
      ...(compiled.invalid === undefined ? {} : { searchInvalid: compiled.invalid }),
    },
    rows: found.rows,
    pattern: compiled.pattern,
  };
}

/** The entries the pane draws from: the focused service's or all. */
export function selectPaneEntries(state: ViewState): LogEntry[] {
  return filterEntries(state.log.entries, state.focusService);
}
