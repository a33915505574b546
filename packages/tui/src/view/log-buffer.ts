// A bounded log buffer of the view: append in batches, find entries by id, filter by service.

import type { LogBuffer, LogEntry } from './view-state.js';

export const DEFAULT_LOG_CAPACITY = 10_000;

export function createLogBuffer(capacity = DEFAULT_LOG_CAPACITY): LogBuffer {
  return { entries: [], capacity, nextId: 1 };
}

export type NewLogEntry = Omit<LogEntry, 'id'>;

/** Appends entries (oldest first) in one copy, dropping the oldest beyond capacity. */
export function appendLogEntries(buffer: LogBuffer, added: NewLogEntry[]): LogBuffer {
  if (added.length === 0) return buffer;
  let nextId = buffer.nextId;
  const keepNew = added.length > buffer.capacity ? added.slice(added.length - buffer.capacity) : added;
  nextId += added.length - keepNew.length;
  const keepOld = Math.max(0, buffer.capacity - keepNew.length);
  const entries = buffer.entries.slice(Math.max(0, buffer.entries.length - keepOld));
  for (const entry of keepNew) entries.push({ id: nextId++, ...entry });
  return { entries, capacity: buffer.capacity, nextId };
}

/** Puts older entries (oldest first) before the held ones, as far as capacity allows. */
export function prependLogEntries(buffer: LogBuffer, older: NewLogEntry[]): LogBuffer {
  const room = buffer.capacity - buffer.entries.length;
  if (room <= 0 || older.length === 0) return buffer;
  const kept = older.slice(Math.max(0, older.length - room));
  const firstId = buffer.entries[0]?.id ?? buffer.nextId;
  const prepended = kept.map((entry, index) => ({ id: firstId - kept.length + index, ...entry }));
  return { ...buffer, entries: [...prepended, ...buffer.entries] };
}

// CSI and OSC sequences, then any other escape, then control characters other than tab.
const escapeSequences = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-_]?/g;
const controlCharacters = /[\u0000-\u0008\u000a-\u001f\u007f]/g;

/** Makes container output safe to print in one terminal row. */
export function toPrintable(text: string): string {
  let printable = text;
  if (printable.includes('\u001b')) printable = printable.replace(escapeSequences, '');
  printable = printable.replace(controlCharacters, '');
  if (printable.includes('\t')) printable = expandTabs(printable);
  return printable;
}

function expandTabs(text: string): string {
  let out = '';
  for (const character of text) {
    out += character === '\t' ? ' '.repeat(8 - (out.length % 8)) : character;
  }
  return out;
}

/** The entries shown for a focus: all, or one service's lines and activity plus markers. */
export function filterEntries(entries: LogEntry[], focusService: string | undefined): LogEntry[] {
  if (focusService === undefined) return entries;
  return entries.filter((entry) => entry.serviceName === focusService || entry.kind === 'skipped');
}

/** Index of the last entry whose id is <= id, or -1. Entries are sorted by id. */
export function lastIndexAtOrBefore(entries: LogEntry[], id: number): number {
  let low = 0;
  let high = entries.length - 1;
  let found = -1;
  while (low <= high) {
    const middle = (low + high) >> 1;
    if (entries[middle]!.id <= id) {
      found = middle;
      low = middle + 1;
    } else {
      high = middle - 1;
    }
  }
  return found;
}
