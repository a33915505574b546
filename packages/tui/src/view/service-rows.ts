// Selectors for the service table: one row of short texts per service, the columns that
// fit the terminal's width, and the window of rows around the selection.

import type { ServiceStatus } from '@devup/daemon/protocol';
import { formatBytes, formatPercent, formatPort, formatUptime, formatWatch } from './format.js';
import type { ViewState } from './view-state.js';

/** The semantic status of a row; the theme maps it to a colour. */
export type StatusTone = 'healthy' | 'running' | 'starting' | 'waiting' | 'failed' | 'stopped' | 'completed';

export interface ServiceRow {
  serviceName: string;
  selected: boolean;
  focused: boolean;
  drift: boolean;
  tone: StatusTone;
  status: string;
  restarts: string;
  uptime: string;
  cpu: string;
  memory: string;
  watch: string;
  watchFailed: boolean;
  /** Published ports as URLs, then why the service waits or what failed. */
  info: string;
}

export function statusTone(service: ServiceStatus): StatusTone {
  switch (service.state) {
    case 'healthy':
      return 'healthy';
    case 'running':
      return service.health === 'unhealthy' ? 'failed' : 'running';
    case 'starting':
    case 'created':
    case 'building':
    case 'restarting':
      return 'starting';
    case 'waiting':
      return 'waiting';
    case 'unhealthy':
    case 'crash-loop':
      return 'failed';
    case 'exited':
      return service.exitCode === undefined || service.exitCode === 0 ? 'completed' : 'failed';
    case 'stopped':
    case 'absent':
      return 'stopped';
  }
}

function statusText(service: ServiceStatus): string {
  if (service.state === 'exited' && service.exitCode !== undefined) return `exited ${service.exitCode}`;
  if (service.state === 'running' && service.health !== undefined && service.health !== 'healthy') {
    return service.health;
  }
  return service.state;
}

const upStates = new Set<ServiceStatus['state']>(['starting', 'running', 'healthy', 'unhealthy']);

export function toServiceRow(service: ServiceStatus, state: ViewState): ServiceRow {
  const isUp = upStates.has(service.state);
  const startedAt = service.startedAt === undefined ? Number.NaN : Date.parse(service.startedAt);
  const notes = [
    ...(service.waitingOn === undefined ? [] : [service.waitingOn]),
    ...(service.watch.kind === 'failed' ? [`watch: ${service.watch.reason}`] : []),
    ...(service.oomKilled === true && !isUp ? ['OOM killed'] : []),
  ];
  return {
    serviceName: service.serviceName,
    selected: service.serviceName === state.selectedService,
    focused: service.serviceName === state.focusService,
    drift: service.drift === true,
    tone: statusTone(service),
    status: statusText(service),
    restarts: service.restarts.toString(),
    uptime: isUp && Number.isFinite(startedAt) ? formatUptime(state.now - startedAt) : '-',
    cpu: isUp && service.cpuPercent !== undefined ? formatPercent(service.cpuPercent) : '-',
    memory: isUp && service.memoryBytes !== undefined ? formatBytes(service.memoryBytes) : '-',
    watch: formatWatch(service.watch),
    watchFailed: service.watch.kind === 'failed',
    info: [...(isUp ? service.ports.map(formatPort) : []), ...notes].join('  '),
  };
}

export function selectServiceRows(state: ViewState): ServiceRow[] {
  return state.services.map((service) => toServiceRow(service, state));
}

/** The rows that fit, keeping the selected one in view. */
export function visibleRows(rows: ServiceRow[], capacity: number): { rows: ServiceRow[]; hiddenAbove: number } {
  if (rows.length <= capacity) return { rows, hiddenAbove: 0 };
  const selectedIndex = Math.max(
    0,
    rows.findIndex((row) => row.selected),
  );
  const top = Math.min(Math.max(0, selectedIndex - capacity + 1), rows.length - capacity);
  return { rows: rows.slice(top, top + capacity), hiddenAbove: top };
}

export type ColumnKey = 'name' | 'status' | 'restarts' | 'uptime' | 'cpu' | 'memory' | 'watch' | 'info';

export interface TableColumn {
  key: ColumnKey;
  title: string;
  width: number;
}

const MARKER_WIDTH = 2;
const NAME_MIN = 4;
const NAME_MAX = 18;

/** Columns that fit `width`, dropping the least important first; `info` takes what is left. */
export function selectTableColumns(rows: ServiceRow[], width: number): TableColumn[] {
  const longestName = Math.max(NAME_MIN, ...rows.map((row) => row.serviceName.length + (row.drift ? 2 : 0)));
  const nameWidth = Math.min(NAME_MAX, longestName);
  const fixed: TableColumn[] = [
    { key: 'name', title: 'SERVICE', width: Math.max(nameWidth, 7) },
    { key: 'status', title: 'STATUS', width: 10 },
    { key: 'restarts', title: 'RST', width: 3 },
    { key: 'uptime', title: 'UP', width: 5 },
    { key: 'cpu', title: 'CPU', width: 5 },
    { key: 'memory', title: 'MEM', width: 5 },
    { key: 'watch', title: 'WATCH', width: 8 },
  ];
  const dropOrder: ColumnKey[] = ['watch', 'memory', 'cpu', 'uptime', 'restarts'];
  const used = (columns: TableColumn[]): number =>
    MARKER_WIDTH + columns.reduce((sum, column) => sum + column.width + 1, 0);
  const minInfo = 12;
  let columns = fixed;
  for (const key of dropOrder) {
    if (used(columns) + minInfo <= width) break;
    columns = columns.filter((column) => column.key !== key);
  }
  const infoWidth = Math.max(0, width - used(columns));
  return infoWidth > 0 ? [...columns, { key: 'info', title: 'PORTS / INFO', width: infoWidth }] : columns;
}
