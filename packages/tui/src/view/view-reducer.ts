// The view reducer: stream messages, connection changes, key actions, resizes and clock
// ticks in; the next view state out. Pure: no I/O, no timers, no clock reads.

import { applyAction } from './apply-action.js';
import { applyHistory, applyMessages } from './apply-messages.js';
import { createLogBuffer, DEFAULT_LOG_CAPACITY } from './log-buffer.js';
import type { TerminalSize, ViewEvent, ViewState } from './view-state.js';

export interface InitialViewOptions {
  projectName: string;
  size: TerminalSize;
  now: number;
  logCapacity?: number;
}

export function createInitialView(options: InitialViewOptions): ViewState {
  return {
    projectName: options.projectName,
    connection: 'connecting',
    synced: false,
    projectKnown: false,
    services: [],
    configIssues: [],
    lastLogSeq: {},
    log: createLogBuffer(options.logCapacity ?? DEFAULT_LOG_CAPACITY),
    scroll: { follow: true },
    search: { query: '' },
    help: false,
    size: options.size,
    now: options.now,
  };
}

export function reduceView(state: ViewState, event: ViewEvent): ViewState {
  switch (event.kind) {
    case 'messages':
      return applyMessages(state, event.messages);
    case 'history':
      return applyHistory(state, event.lines);
    case 'connection':
      return event.state === state.connection ? state : { ...state, connection: event.state };
    case 'action':
      return applyAction(state, event.action);
    case 'resize':
      return { ...state, size: event.size };
    case 'tick':
      return { ...state, now: event.now };
    case 'notice':
      return { ...state, notice: event.notice };
  }
}

/** Folds a list of events, merging runs of messages into one batch (one log append per run). */
export function reduceViewEvents(state: ViewState, events: ViewEvent[]): ViewState {
  let next = state;
  let pending: ViewEvent[] = [];
  const flushMessages = (): void => {
    if (pending.length === 0) return;
    const messages = pending.flatMap((event) => (event.kind === 'messages' ? event.messages : []));
    next = reduceView(next, { kind: 'messages', messages });
    pending = [];
  };
  for (const event of events) {
    if (event.kind === 'messages') {
      pending.push(event);
      continue;
    }
    flushMessages();
    next = reduceView(next, event);
  }
  flushMessages();
  return next;
}
