import { Box, Text } from 'ink';
import type { ConfigPanelLine } from '../view/panels.js';
import type { Theme } from './theme.js';

export interface ConfigErrorPanelProps {
  lines: ConfigPanelLine[];
  /** Rows including the title. */
  height: number;
  width: number;
  theme: Theme;
}

/** Config problems with file:line:col and a hint; the running environment stays as it was. */
export function ConfigErrorPanel({ lines, height, width, theme }: ConfigErrorPanelProps) {
  const locationWidth = Math.max(0, ...lines.map((line) => line.location.length));
  const issueCount = lines.filter((line) => line.kind === 'issue').length;
  const shown = lines.slice(0, Math.max(0, height - 1));
  const hidden = lines.length - shown.length;
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end" color={theme.text.error} bold>
        ✗ config: {issueCount} {issueCount === 1 ? 'problem' : 'problems'} (the running environment is unchanged)
        {hidden > 0 ? `, ${hidden} more lines: dev config` : ''}
      </Text>
      {shown.map((line, index) => (
        <Text key={index} wrap="truncate-end">
          {'  '}
          {line.location.padEnd(locationWidth)}
          {'  '}
          {line.kind === 'hint' ? (
            <Text color={theme.text.info}>hint </Text>
          ) : (
            <Text color={line.severity === 'error' ? theme.text.error : theme.text.warning}>
              {line.severity === 'error' ? 'error' : 'warn '}
            </Text>
          )}
          {'  '}
          {line.text}
        </Text>
      ))}
    </Box>
  );
}
