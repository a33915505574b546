import { Box, Text } from 'ink';
import type { StatusSummary } from '../view/status-summary.js';
import type { Theme } from './theme.js';

export interface StatusBarProps {
  summary: StatusSummary;
  theme: Theme;
  width: number;
}

function connectionText(summary: StatusSummary): string {
  switch (summary.connection) {
    case 'connected':
      return '● connected';
    case 'connecting':
      return summary.reconnecting ? '○ reconnecting…' : '○ connecting…';
    case 'disconnected':
      return '○ disconnected, reconnecting…';
  }
}

/** Project, daemon connection, and how many services are healthy or failing. */
export function StatusBar({ summary, theme, width }: StatusBarProps) {
  const counts = summary.projectKnown
    ? `${summary.healthy}/${summary.total} healthy` + (summary.failing > 0 ? `  ${summary.failing} failing` : '')
    : 'not loaded in devd';
  return (
    <Box width={width} height={1}>
      <Text wrap="truncate-end">
        <Text bold color={theme.text.title}>
          devup
        </Text>
        <Text>{` ${summary.projectName}  `}</Text>
        <Text color={theme.connection[summary.connection]}>{connectionText(summary)}</Text>
        <Text>{'  '}</Text>
        <Text color={summary.failing > 0 ? theme.status.failed : theme.status.healthy}>{counts}</Text>
        {summary.configErrors > 0 ? (
          <Text color={theme.text.error}>
            {'  '}
            {summary.configErrors} config {summary.configErrors === 1 ? 'error' : 'errors'}
          </Text>
        ) : null}
      </Text>
    </Box>
  );
}
