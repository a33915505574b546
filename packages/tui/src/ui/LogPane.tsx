import { Box, Text } from 'ink';
import { fitText } from '../view/format.js';
import type { LogHeader, LogPaneView } from '../view/log-pane.js';
import { splitMatches, type SearchRow } from '../view/log-search.js';
import type { LogEntry } from '../view/view-state.js';
import type { Theme } from './theme.js';

export interface LogPaneProps {
  pane: LogPaneView;
  /** Body rows (the header is extra). */
  height: number;
  width: number;
  /** Width of the service-name prefix. */
  nameWidth: number;
  theme: Theme;
}

/** The log of all services or one, following or paused; or the search results with context. */
export function LogPane({ pane, height, width, nameWidth, theme }: LogPaneProps) {
  return (
    <Box flexDirection="column" width={width} height={height + 1}>
      <LogPaneHeader header={pane.header} theme={theme} />
      {pane.mode === 'log' ? (
        pane.entries.map((entry) => (
          <LogLine key={entry.id} entry={entry} width={width} nameWidth={nameWidth} theme={theme} />
        ))
      ) : pane.rows.length === 0 ? (
        <Text color={theme.text.muted}>no line matches</Text>
      ) : (
        pane.rows.map((row) => (
          <SearchLine
            key={rowKey(row)}
            row={row}
            pattern={pane.pattern}
            width={width}
            nameWidth={nameWidth}
            theme={theme}
          />
        ))
      )}
    </Box>
  );
}

function LogPaneHeader({ header, theme }: { header: LogHeader; theme: Theme }) {
  return (
    <Text wrap="truncate-end" color={theme.text.heading}>
      <Text bold>── logs: {header.source} </Text>
      {header.following ? (
        <Text>· following</Text>
      ) : (
        <Text color={theme.text.warning}>
          · paused{header.newer > 0 ? ` (+${header.newer} new, f to follow)` : ' (f to follow)'}
        </Text>
      )}
      {header.search === undefined ? null : <Text color={theme.text.info}> · search {header.search}</Text>}
      {header.searchInvalid === undefined ? null : <Text color={theme.text.warning}> (as plain text)</Text>}
    </Text>
  );
}

function rowKey(row: SearchRow): string {
  return row.kind === 'gap' ? row.key : `entry-${row.entry.id}`;
}

/** Cuts very long lines early; ink truncates the rest to the exact display width. */
function clip(text: string, width: number): string {
  return text.length > width * 2 ? text.slice(0, width * 2) : text;
}

interface PrefixProps {
  entry: LogEntry;
  nameWidth: number;
  theme: Theme;
  /** "│" for a line, "•" for a search match, "▶" for the current match. */
  mark?: string;
}

function Prefix({ entry, nameWidth, theme, mark = '│' }: PrefixProps) {
  const name = entry.kind === 'skipped' ? '' : (entry.serviceName ?? 'devup');
  return (
    <Text color={theme.serviceColor(entry.serviceName)}>
      {fitText(name, nameWidth)} {mark}{' '}
    </Text>
  );
}

function entryColor(entry: LogEntry, theme: Theme): string | undefined {
  if (entry.kind === 'skipped') return theme.log.skipped;
  if (entry.kind === 'activity') return theme.log.devup;
  return undefined;
}

function LogLine({
  entry,
  width,
  nameWidth,
  theme,
}: {
  entry: LogEntry;
  width: number;
  nameWidth: number;
  theme: Theme;
}) {
  return (
    <Text wrap="truncate-end">
      <Prefix entry={entry} nameWidth={nameWidth} theme={theme} />
      <Text color={entryColor(entry, theme)}>{clip(entry.text, width)}</Text>
    </Text>
  );
}

interface SearchLineProps {
  row: SearchRow;
  pattern: RegExp;
  width: number;
  nameWidth: number;
  theme: Theme;
}

function SearchLine({ row, pattern, width, nameWidth, theme }: SearchLineProps) {
  if (row.kind === 'gap') {
    return <Text color={theme.log.gap}>{fitText('', nameWidth)} ┆</Text>;
  }
  const parts = row.match
    ? splitMatches(clip(row.entry.text, width), pattern)
    : [{ text: clip(row.entry.text, width), match: false }];
  return (
    <Text wrap="truncate-end" bold={row.current}>
      <Prefix entry={row.entry} nameWidth={nameWidth} theme={theme} mark={row.current ? '▶' : row.match ? '•' : '│'} />
      {parts.map((part, index) =>
        part.match ? (
          <Text
            key={index}
            inverse={!theme.colorEnabled}
            backgroundColor={theme.search.matchBackground}
            color={theme.search.matchForeground}
          >
            {part.text}
          </Text>
        ) : (
          <Text key={index} color={entryColor(row.entry, theme)}>
            {part.text}
          </Text>
        ),
      )}
    </Text>
  );
}
