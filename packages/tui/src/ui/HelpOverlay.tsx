import { Box, Text } from 'ink';
import { keyBindings } from './keys.js';
import type { Theme } from './theme.js';

export interface HelpOverlayProps {
  /** Rows including the title. */
  height: number;
  width: number;
  theme: Theme;
}

const described = keyBindings.filter((binding) => binding.description !== '');
const labelWidth = Math.max(...described.map((binding) => binding.label.length));

/** The key table, in place of the service table and the log pane. */
export function HelpOverlay({ height, width, theme }: HelpOverlayProps) {
  const legend = [
    ['≠', 'differs from production (dev parity)'],
    ['ports', 'published URLs; most terminals open them on click'],
  ] as const;
  const lines = [...described.map((binding) => [binding.label, binding.description] as const), ...legend].slice(
    0,
    Math.max(0, height - 1),
  );
  return (
    <Box flexDirection="column" width={width} height={height}>
      <Text bold color={theme.text.heading}>
        ── keys (? or esc to close)
      </Text>
      {lines.map(([label, description]) => (
        <Text key={label + description} wrap="truncate-end">
          {'  '}
          <Text color={theme.text.info}>{label.padEnd(labelWidth)}</Text>
          {'  '}
          {description}
        </Text>
      ))}
    </Box>
  );
}
