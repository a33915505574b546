// How the rows of the terminal are shared between the parts of the screen.
//
//   status bar        1
//   table header      1
//   table rows        tableRows (scrolls around the selection)
//   config errors     configRows (title + lines), 0 when the config is valid
//   crash loop        crashRows (title + last lines), 0 when nothing loops
//   log header        1
//   log body          logRows
//   footer            1
//
// The frame is one row shorter than the terminal so the terminal never scrolls.

import { selectConfigPanel, selectCrashPanel } from './panels.js';
import type { ViewState } from './view-state.js';

export const MIN_LOG_ROWS = 3;
const PANEL_MAX_ROWS = 7;

export interface LayoutInput {
  rows: number;
  serviceCount: number;
  /** Lines the config panel would like, without its title. */
  configLines: number;
  /** Lines the crash panel would like, without its title; undefined when there is no panel. */
  crashLines: number | undefined;
}

export interface Layout {
  frameRows: number;
  tableRows: number;
  configRows: number;
  crashRows: number;
  logRows: number;
}

const FIXED_ROWS = 4; // status bar, table header, log header, footer

export function computeLayout(input: LayoutInput): Layout {
  const frameRows = Math.max(FIXED_ROWS + 1 + MIN_LOG_ROWS, input.rows - 1);
  let free = frameRows - FIXED_ROWS - MIN_LOG_ROWS;

  const tableLimit = Math.max(1, Math.floor(frameRows * 0.4));
  const tableRows = Math.min(Math.max(1, input.serviceCount), tableLimit, free);
  free -= tableRows;

  const configRows = panelRows(input.configLines > 0 ? input.configLines : undefined, free);
  free -= configRows;
  const crashRows = panelRows(input.crashLines, free);
  free -= crashRows;

  return { frameRows, tableRows, configRows, crashRows, logRows: MIN_LOG_ROWS + free };
}

function panelRows(lines: number | undefined, free: number): number {
  if (lines === undefined || free < 2) return 0;
  return Math.min(1 + lines, PANEL_MAX_ROWS, free);
}

/** The layout of the current state: table size, panel sizes and what is left for logs. */
export function selectLayout(state: ViewState): Layout {
  const crash = selectCrashPanel(state);
  return computeLayout({
    rows: state.size.rows,
    serviceCount: state.services.length,
    configLines: selectConfigPanel(state).length,
    crashLines: crash === undefined ? undefined : Math.max(1, crash.lastLines.length),
  });
}
