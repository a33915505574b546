// Builders for stream messages and view states used by the TUI's tests.

import type { LogLine, ProjectStatus, ServerMessage, ServiceStatus } from '@devup/daemon/protocol';
import type { ConfigIssue } from '@devup/schema';
import { createInitialView, reduceViewEvents } from '../src/view/view-reducer.js';
import { selectLogPane } from '../src/view/log-pane.js';
import type { ViewAction, ViewEvent, ViewState } from '../src/view/view-state.js';

export const PROJECT = 'shop';
export const NOW = Date.parse('2026-01-01T12:00:00Z');

export function service(serviceName: string, overrides: Partial<ServiceStatus> = {}): ServiceStatus {
  return {
    projectName: PROJECT,
    serviceName,
    containerIds: [`${serviceName}-id`],
    state: 'running',
    ports: [],
    restarts: 0,
    watch: { kind: 'off' },
    ...overrides,
  };
}

export function project(services: ServiceStatus[], configIssues: ConfigIssue[] = []): ProjectStatus {
  return { projectName: PROJECT, workingDir: '/src/shop', configFiles: ['compose.yaml'], services, configIssues };
}

let messageSeq = 0;
const nextSeq = (): number => (messageSeq += 1);

export function hello(instanceId?: string): ServerMessage {
  return {
    type: 'hello',
    seq: nextSeq(),
    protocol: 1,
    daemonVersion: '0.1.0',
    ...(instanceId === undefined ? {} : { instanceId }),
  };
}

export function snapshot(services: ServiceStatus[], configIssues: ConfigIssue[] = []): ServerMessage {
  return { type: 'snapshot', seq: nextSeq(), projects: [project(services, configIssues)] };
}

export function serviceUpdate(status: ServiceStatus): ServerMessage {
  return { type: 'service', seq: nextSeq(), status };
}

export function log(
  seq: number,
  serviceName: string,
  text: string,
  stream: 'stdout' | 'stderr' = 'stdout',
  projectName = PROJECT,
): ServerMessage {
  return {
    type: 'log',
    seq: nextSeq(),
    line: { seq, projectName, serviceName, replica: 1, stream, time: new Date(NOW).toISOString(), text },
  };
}

/** The LogLines of `logs(...)`, as the daemon's REST history returns them. */
export function historyLines(from: number, to: number, serviceNames: string[]): LogLine[] {
  return logs(from, to, serviceNames).flatMap((message) => (message.type === 'log' ? [message.line] : []));
}

/** Log lines seq from..to, text "<service> line <seq>". */
export function logs(from: number, to: number, serviceNames: string[]): ServerMessage[] {
  const messages: ServerMessage[] = [];
  for (let seq = from; seq <= to; seq += 1) {
    const serviceName = serviceNames[(seq - from) % serviceNames.length]!;
    messages.push(log(seq, serviceName, `${serviceName} line ${seq}`));
  }
  return messages;
}

export function skipped(fromSeq: number, toSeq: number): ServerMessage {
  return { type: 'logs-skipped', seq: nextSeq(), projectName: PROJECT, fromSeq, toSeq };
}

export function messagesEvent(...messages: ServerMessage[]): ViewEvent {
  return { kind: 'messages', messages };
}

export function action(value: ViewAction): ViewEvent {
  return { kind: 'action', action: value };
}

export function actions(...values: ViewAction['type'][]): ViewEvent[] {
  return values.map((type) => ({ kind: 'action', action: { type } }) as ViewEvent);
}

export function initialView(size = { columns: 80, rows: 24 }): ViewState {
  return createInitialView({ projectName: PROJECT, size, now: NOW });
}

export function viewAfter(events: ViewEvent[], start: ViewState = initialView()): ViewState {
  return reduceViewEvents(start, events);
}

export const threeServices = [
  service('db', { state: 'healthy', health: 'healthy', startedAt: new Date(NOW - 3_725_000).toISOString() }),
  service('web', {
    state: 'healthy',
    health: 'healthy',
    ports: [{ hostIp: '127.0.0.1', hostPort: 8080, containerPort: 80, protocol: 'tcp', url: 'http://127.0.0.1:8080' }],
    startedAt: new Date(NOW - 42_000).toISOString(),
    cpuPercent: 3.21,
    memoryBytes: 83 * 1024 * 1024,
    watch: { kind: 'watching' },
  }),
  service('worker', { state: 'waiting', waitingOn: 'waiting on db: healthy', containerIds: [] }),
];

/** A connected view of the three services. */
export function connectedView(extra: ViewEvent[] = []): ViewState {
  return viewAfter([
    { kind: 'connection', state: 'connected' },
    messagesEvent(hello(), snapshot(threeServices)),
    ...extra,
  ]);
}

export function logTexts(state: ViewState): string[] {
  return state.log.entries.map((entry) => entry.text);
}

/** The log pane as text rows: "service: text", or search rows marked > current, * match. */
export const paneTexts = (state: ViewState, rows = 5): string[] => {
  const pane = selectLogPane(state, rows);
  if (pane.mode === 'log') return pane.entries.map((entry) => `${entry.serviceName ?? '-'}: ${entry.text}`);
  return pane.rows.map((row) =>
    row.kind === 'gap' ? '--' : `${row.current ? '>' : row.match ? '*' : ' '} ${row.entry.text}`,
  );
};
