// Selectors for the crash-loop and config-error panels.

import type { ConfigIssue } from '@devup/schema';
import type { ServiceStatus } from '@devup/daemon/protocol';
import { toPrintable } from './log-buffer.js';
import type { ViewState } from './view-state.js';

export interface CrashPanel {
  serviceName: string;
  /** e.g. "exit code 137 · OOM killed · 5 restarts" */
  summary: string;
  lastLines: string[];
}

export interface ConfigPanelLine {
  kind: 'issue' | 'hint';
  severity: ConfigIssue['severity'];
  /** "dev.yaml:12:7" for issues, empty for hints. */
  location: string;
  text: string;
}

/** The crash loop to show: the selected service's when it loops, else the first looping one. */
export function selectCrashPanel(state: ViewState): CrashPanel | undefined {
  const looping = state.services.filter((service) => service.state === 'crash-loop');
  const shown = looping.find((service) => service.serviceName === state.selectedService) ?? looping[0];
  if (shown === undefined) return undefined;
  return {
    serviceName: shown.serviceName,
    summary: crashSummary(shown, looping.length),
    lastLines: (shown.lastLines ?? []).map(toPrintable),
  };
}

function crashSummary(service: ServiceStatus, loopingCount: number): string {
  const parts = [
    service.exitCode === undefined ? 'exit code unknown' : `exit code ${service.exitCode}`,
    ...(service.oomKilled === true ? ['OOM killed'] : []),
    `${service.restarts} ${service.restarts === 1 ? 'restart' : 'restarts'}`,
    ...(loopingCount > 1 ? [`${loopingCount - 1} more crash-looping`] : []),
  ];
  return parts.join(' · ');
}

/** One line per issue, plus one per hint, errors first, in file order. */
export function selectConfigPanel(state: ViewState): ConfigPanelLine[] {
  const issues = [...state.configIssues].sort(
    (left, right) =>
      severityRank(left.severity) - severityRank(right.severity) ||
      left.file.localeCompare(right.file) ||
      left.line - right.line ||
      left.column - right.column,
  );
  return issues.flatMap((issue): ConfigPanelLine[] => [
    {
      kind: 'issue',
      severity: issue.severity,
      location: `${issue.file}:${issue.line}:${issue.column}`,
      text: issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`,
    },
    ...(issue.hint === undefined
      ? []
      : [{ kind: 'hint' as const, severity: issue.severity, location: '', text: issue.hint }]),
  ]);
}

function severityRank(severity: ConfigIssue['severity']): number {
  return severity === 'error' ? 0 : 1;
}
