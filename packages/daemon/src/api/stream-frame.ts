// The text of one stream frame. A log line is serialized once, however many clients it
// goes to: its JSON is kept for the most recently serialized lines (two generations of
// GENERATION lines each, so the memory stays bounded whatever the hub holds) and frames
// of log lines are joined from those texts. Parsing a frame gives the same value as
// JSON.stringify of the message would.

import type { LogLine, ServerMessage } from '../protocol/messages.js';

const GENERATION = 50_000;
let current = new WeakMap<LogLine, string>();
let previous = new WeakMap<LogLine, string>();
let currentSize = 0;

/** The JSON of a log line, computed on first use and shared while it is recent. */
export const lineJson = (line: LogLine): string => {
  let text = current.get(line) ?? previous.get(line);
  if (text === undefined) {
    text = JSON.stringify(line);
    if (currentSize >= GENERATION) {
      previous = current;
      current = new WeakMap();
      currentSize = 0;
    }
    current.set(line, text);
    currentSize += 1;
  }
  return text;
};

export const frameText = (message: ServerMessage): string => {
  if (message.type === 'log') return `{"type":"log","line":${lineJson(message.line)},"seq":${message.seq}}`;
  if (message.type !== 'logs') return JSON.stringify(message);
  let lines = '';
  for (const line of message.lines) lines += lines === '' ? lineJson(line) : `,${lineJson(line)}`;
  return `{"type":"logs","lines":[${lines}],"seq":${message.seq}}`;
};
