import { Box, Text } from 'ink';
import type { Notice } from '../view/view-state.js';
import { keyHints } from './keys.js';
import type { Theme } from './theme.js';

export interface FooterProps {
  /** The search being typed, when `/` was pressed. */
  searchDraft: string | undefined;
  notice: Notice | undefined;
  width: number;
  theme: Theme;
}

/** The search prompt, else the latest notice, else the key hints. */
export function Footer({ searchDraft, notice, width, theme }: FooterProps) {
  return (
    <Box width={width} height={1}>
      {searchDraft !== undefined ? (
        <Text wrap="truncate-start">
          <Text color={theme.text.info}>/</Text>
          {searchDraft}
          <Text inverse> </Text>
          <Text color={theme.text.muted}> enter search · esc cancel</Text>
        </Text>
      ) : notice !== undefined ? (
        <Text wrap="truncate-end" color={notice.level === 'error' ? theme.text.error : theme.text.info}>
          {notice.text}
        </Text>
      ) : (
        <Text wrap="truncate-end" color={theme.text.muted}>
          {keyHints}
        </Text>
      )}
    </Box>
  );
}
