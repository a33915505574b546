import { Box, Text } from 'ink';
import { fitText } from '../view/format.js';
import { selectTableColumns, visibleRows, type ServiceRow, type TableColumn } from '../view/service-rows.js';
import type { Theme } from './theme.js';

export interface ServiceTableProps {
  rows: ServiceRow[];
  /** Body rows available (the header is extra). */
  height: number;
  width: number;
  theme: Theme;
}

function cellText(row: ServiceRow, column: TableColumn): string {
  switch (column.key) {
    case 'name':
      return row.drift ? `${row.serviceName} ≠` : row.serviceName;
    case 'status':
      return row.status;
    case 'restarts':
      return row.restarts;
    case 'uptime':
      return row.uptime;
    case 'cpu':
      return row.cpu;
    case 'memory':
      return row.memory;
    case 'watch':
      return row.watch;
    case 'info':
      return row.info;
  }
}

function cellColor(row: ServiceRow, column: TableColumn, theme: Theme): string | undefined {
  if (column.key === 'name') return theme.serviceColor(row.serviceName);
  if (column.key === 'status') return theme.status[row.tone];
  if (column.key === 'watch' && row.watchFailed) return theme.status.failed;
  if (column.key === 'info' && row.tone === 'waiting') return theme.status.waiting;
  return undefined;
}

/** One row per service: status, health, ports, restarts, uptime, CPU, memory, watch, why it waits. */
export function ServiceTable({ rows, height, width, theme }: ServiceTableProps) {
  const columns = selectTableColumns(rows, width);
  const shown = visibleRows(rows, height);
  const header = '  ' + columns.map((column) => fitText(column.title, column.width)).join(' ');
  return (
    <Box flexDirection="column" width={width} height={height + 1}>
      <Text bold color={theme.text.heading} wrap="truncate-end">
        {header}
      </Text>
      {rows.length === 0 ? (
        <Text color={theme.text.muted} wrap="truncate-end">
          {'  no services yet'}
        </Text>
      ) : null}
      {shown.rows.map((row) => (
        <Text key={row.serviceName} wrap="truncate-end" bold={row.focused} inverse={row.selected && theme.colorEnabled}>
          {row.selected ? '› ' : '  '}
          {columns.map((column, index) => (
            <Text key={column.key} color={cellColor(row, column, theme)}>
              {fitText(cellText(row, column), column.width)}
              {index < columns.length - 1 ? ' ' : ''}
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
