// Selectors for the status bar.

import { statusTone } from './service-rows.js';
import type { ConnectionState, Notice, ViewState } from './view-state.js';

export const NOTICE_MILLISECONDS = 6_000;

export interface StatusSummary {
  projectName: string;
  connection: ConnectionState;
  /** True once a connection was lost: "reconnecting" rather than "connecting". */
  reconnecting: boolean;
  healthy: number;
  failing: number;
  total: number;
  configErrors: number;
  projectKnown: boolean;
}

export function selectStatusSummary(state: ViewState): StatusSummary {
  let healthy = 0;
  let failing = 0;
  for (const service of state.services) {
    const tone = statusTone(service);
    if (tone === 'healthy' || tone === 'running' || tone === 'completed') healthy += 1;
    if (tone === 'failed') failing += 1;
  }
  return {
    projectName: state.projectName,
    connection: state.connection,
    reconnecting: state.connection !== 'connected' && state.daemonVersion !== undefined,
    healthy,
    failing,
    total: state.services.length,
    configErrors: state.configIssues.filter((issue) => issue.severity === 'error').length,
    projectKnown: state.projectKnown || !state.synced,
  };
}

/** The notice to show now, if any is still fresh. */
export function selectNotice(state: ViewState): Notice | undefined {
  const notice = state.notice;
  if (notice === undefined || state.now - notice.at > NOTICE_MILLISECONDS) return undefined;
  return notice;
}
