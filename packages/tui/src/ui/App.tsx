import { Box } from 'ink';
import { useMemo } from 'react';
import { selectLayout } from '../view/layout.js';
import { selectLogPane } from '../view/log-pane.js';
import { selectConfigPanel, selectCrashPanel } from '../view/panels.js';
import { selectServiceRows } from '../view/service-rows.js';
import { selectNotice, selectStatusSummary } from '../view/status-summary.js';
import type { ViewState } from '../view/view-state.js';
import { ConfigErrorPanel } from './ConfigErrorPanel.js';
import { CrashLoopPanel } from './CrashLoopPanel.js';
import { Footer } from './Footer.js';
import { HelpOverlay } from './HelpOverlay.js';
import { LogPane } from './LogPane.js';
import { ServiceTable } from './ServiceTable.js';
import { StatusBar } from './StatusBar.js';
import type { Theme } from './theme.js';

export interface AppProps {
  view: ViewState;
  theme: Theme;
}

const LOG_NAME_MIN = 5;
const LOG_NAME_MAX = 14;

/** The whole screen: props in, frame out. */
export function App({ view, theme }: AppProps) {
  const width = Math.max(20, view.size.columns);
  const layout = selectLayout(view);
  const pane = useMemo(
    () => selectLogPane(view, layout.logRows),
    // The pane depends only on these parts of the view.
    [view.log, view.focusService, view.scroll, view.search.query, view.search.currentId, layout.logRows],
  );
  const crash = selectCrashPanel(view);
  const nameWidth = Math.min(
    LOG_NAME_MAX,
    Math.max(LOG_NAME_MIN, ...view.services.map((service) => service.serviceName.length)),
  );
  return (
    <Box flexDirection="column" width={width} height={layout.frameRows}>
      <StatusBar summary={selectStatusSummary(view)} theme={theme} width={width} />
      {view.help ? (
        <HelpOverlay height={layout.frameRows - 2} width={width} theme={theme} />
      ) : (
        <>
          <ServiceTable rows={selectServiceRows(view)} height={layout.tableRows} width={width} theme={theme} />
          {layout.configRows > 0 ? (
            <ConfigErrorPanel lines={selectConfigPanel(view)} height={layout.configRows} width={width} theme={theme} />
          ) : null}
          {layout.crashRows > 0 && crash !== undefined ? (
            <CrashLoopPanel panel={crash} height={layout.crashRows} width={width} theme={theme} />
          ) : null}
          <LogPane pane={pane} height={layout.logRows} width={width} nameWidth={nameWidth} theme={theme} />
        </>
      )}
      <Footer searchDraft={view.search.draft} notice={selectNotice(view)} width={width} theme={theme} />
    </Box>
  );
}
