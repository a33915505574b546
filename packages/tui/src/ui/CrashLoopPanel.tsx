import { Box, Text } from 'ink';
import type { CrashPanel } from '../view/panels.js';
import type { Theme } from './theme.js';

export interface CrashLoopPanelProps {
  panel: CrashPanel;
  /** Rows including the title. */
  height: number;
  width: number;
  theme: Theme;
}

/** A crash loop in one place: exit code, OOM, restarts and the last lines before the crash. */
export function CrashLoopPanel({ panel, height, width, theme }: CrashLoopPanelProps) {
  const lines = panel.lastLines.slice(-Math.max(0, height - 1));
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text wrap="truncate-end" color={theme.status.failed} bold>
        ✗ {panel.serviceName} is crash-looping: {panel.summary}
      </Text>
      {lines.length === 0 ? (
        <Text color={theme.text.muted}>{'  '}no output before the crash</Text>
      ) : (
        lines.map((line, index) => (
          <Text key={index} wrap="truncate-end" color={theme.text.muted}>
            {'  '}
            {line}
          </Text>
        ))
      )}
    </Box>
  );
}
