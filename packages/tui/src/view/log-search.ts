// Regex search over the log: matches, the current match, and the matching lines with a few
// lines of context around each (like `grep -C`), windowed around the current match.

import { lastIndexAtOrBefore } from './log-buffer.js';
import type { LogEntry } from './view-state.js';

export const SEARCH_CONTEXT_LINES = 2;

export interface CompiledSearch {
  pattern: RegExp;
  /** Set when the query is not a valid regex and is searched as plain text. */
  invalid?: string;
}

/** Smart case: case-insensitive unless the query has an upper-case letter. */
export function compileSearch(query: string): CompiledSearch | undefined {
  if (query === '') return undefined;
  const flags = query === query.toLowerCase() ? 'i' : '';
  try {
    return { pattern: new RegExp(query, flags) };
  } catch (error) {
    const literal = query.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    return { pattern: new RegExp(literal, flags), invalid: (error as Error).message };
  }
}

export type SearchRow =
  { kind: 'entry'; entry: LogEntry; match: boolean; current: boolean } | { kind: 'gap'; key: string };

export interface SearchView {
  rows: SearchRow[];
  matchCount: number;
  /** 1-based position of the current match, 0 when there is none. */
  currentPosition: number;
  currentId?: number;
}

/** Indices of the entries whose text matches. */
export function findMatches(entries: LogEntry[], pattern: RegExp): number[] {
  const matches: number[] = [];
  for (let index = 0; index < entries.length; index += 1) {
    if (pattern.test(entries[index]!.text)) matches.push(index);
  }
  return matches;
}

/** The match at or before `currentId`, or the newest match. */
function currentMatch(entries: LogEntry[], matches: number[], currentId: number | undefined): number {
  if (currentId === undefined) return matches.length - 1;
  const entryIndex = lastIndexAtOrBefore(entries, currentId);
  let position = 0;
  for (let index = 0; index < matches.length; index += 1) {
    if (matches[index]! <= entryIndex) position = index;
  }
  return position;
}

/** The id of the match `step` matches away from the current one (wrapping around). */
export function stepMatch(
  entries: LogEntry[],
  pattern: RegExp,
  currentId: number | undefined,
  step: 1 | -1,
): number | undefined {
  const matches = findMatches(entries, pattern);
  if (matches.length === 0) return currentId;
  const position = currentMatch(entries, matches, currentId);
  const next = (position + step + matches.length) % matches.length;
  return entries[matches[next]!]!.id;
}

/** The rows of the search pane: context hunks around the matches, centred on the current one. */
export function selectSearchView(
  entries: LogEntry[],
  pattern: RegExp,
  currentId: number | undefined,
  rows: number,
  context = SEARCH_CONTEXT_LINES,
): SearchView {
  const matches = findMatches(entries, pattern);
  if (matches.length === 0) return { rows: [], matchCount: 0, currentPosition: 0 };
  const position = currentMatch(entries, matches, currentId);
  const currentIndex = matches[position]!;
  const matchSet = new Set(matches);

  const all: SearchRow[] = [];
  let currentRow = 0;
  let lastShown = -1;
  for (const matchIndex of matches) {
    const from = Math.max(matchIndex - context, lastShown + 1);
    const to = Math.min(entries.length - 1, matchIndex + context);
    if (lastShown >= 0 && from > lastShown + 1) all.push({ kind: 'gap', key: `gap-${entries[from]!.id}` });
    for (let index = from; index <= to; index += 1) {
      if (index === currentIndex) currentRow = all.length;
      all.push({ kind: 'entry', entry: entries[index]!, match: matchSet.has(index), current: index === currentIndex });
    }
    lastShown = Math.max(lastShown, to);
  }
  const top = Math.max(0, Math.min(currentRow - Math.floor(rows / 2), all.length - rows));
  return {
    rows: all.slice(top, top + rows),
    matchCount: matches.length,
    currentPosition: position + 1,
    currentId: entries[currentIndex]!.id,
  };
}

/** Splits text into plain and matching parts, for highlighting. */
export function splitMatches(text: string, pattern: RegExp): Array<{ text: string; match: boolean }> {
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  const parts: Array<{ text: string; match: boolean }> = [];
  let last = 0;
  for (const found of text.matchAll(global)) {
    const start = found.index;
    const end = start + found[0].length;
    if (end === start) continue;
    if (start > last) parts.push({ text: text.slice(last, start), match: false });
    parts.push({ text: text.slice(start, end), match: true });
    last = end;
  }
  if (last < text.length) parts.push({ text: text.slice(last), match: false });
  return parts;
}
