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

const PROMPT_HINT = '  enter search · esc cancel';

/** The end of a long draft, so the cursor stays in view. */
function tail(text: string, room: number): string {
  if (text.length <= room) return text;
  return room <= 1 ? '…' : `…${text.slice(text.length - room + 1)}`;
}

/** The search prompt, else the latest notice, else the key hints. */
export function Footer({ searchDraft, notice, width, theme }: FooterProps) {
  return (
    <Box width={width} height={1}>
      {searchDraft !== undefined ? (
        <Text wrap="truncate-end">
          <Text color={theme.text.info}>/</Text>
          {tail(searchDraft, width - PROMPT_HINT.length - 3)}
          <Text inverse> </Text>
          <Text color={theme.text.muted}>{PROMPT_HINT}</Text>
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
