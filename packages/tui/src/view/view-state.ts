// The view state of the terminal UI: what the stream and the keys have made of the screen.
// Pure data; the reducer in view-reducer.ts is the only thing that produces it.

import type { ConfigIssue } from '@devup/schema';
import type { LogLine, ServerMessage, ServiceStatus } from '@devup/daemon/protocol';

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export type LogEntryKind = 'line' | 'skipped' | 'activity';

export interface LogEntry {
  /** Local, strictly increasing id: the anchor for scrolling and search. */
  id: number;
  kind: LogEntryKind;
  /** Absent for project-wide activity and skipped-lines markers. */
  serviceName?: string;
  stream: 'stdout' | 'stderr' | 'devup';
  /** The daemon's log sequence number, for lines. */
  seq?: number;
  /** Printable text: escape sequences and control characters removed, tabs expanded. */
  text: string;
}

export interface LogBuffer {
  /** Oldest first, at most `capacity` entries. */
  entries: LogEntry[];
  capacity: number;
  nextId: number;
}

/** Following the newest line, or paused with `bottomId` as the last visible entry. */
export type ScrollState = { follow: true } | { follow: false; bottomId: number };

export interface SearchState {
  /** The text being typed after `/`; undefined when not editing. */
  draft?: string;
  /** The active pattern; empty when no search is active. */
  query: string;
  /** The current match; undefined means the newest match. */
  currentId?: number;
}

export interface Notice {
  level: 'info' | 'error';
  text: string;
  /** Epoch ms when it was raised. */
  at: number;
}

export interface TerminalSize {
  columns: number;
  rows: number;
}

export interface ViewState {
  projectName: string;
  connection: ConnectionState;
  /** Set once a hello arrived. */
  daemonVersion?: string;
  /** The daemon instance of the last hello: log sequence numbers belong to one instance. */
  instanceId?: string;
  /** Whether a snapshot has been seen since the last (re)connect. */
  synced: boolean;
  /** Whether the daemon knows the project (after a snapshot). */
  projectKnown: boolean;
  services: ServiceStatus[];
  configIssues: ConfigIssue[];
  /** Last log sequence number seen per project: for resume and dropping duplicates. */
  lastLogSeq: Record<string, number>;
  log: LogBuffer;
  scroll: ScrollState;
  search: SearchState;
  selectedService?: string;
  /** Show only this service's logs; all services when undefined. */
  focusService?: string;
  help: boolean;
  notice?: Notice;
  size: TerminalSize;
  /** Epoch ms, advanced by tick events; used for uptime and notice expiry. */
  now: number;
}

/** What a key (or a click of the shell) asks the view to do. */
export type ViewAction =
  | { type: 'select-previous' }
  | { type: 'select-next' }
  | { type: 'focus-selected' }
  | { type: 'show-all' }
  | { type: 'toggle-follow' }
  | { type: 'scroll-up'; lines: number | 'page' }
  | { type: 'scroll-down'; lines: number | 'page' }
  | { type: 'scroll-top' }
  | { type: 'scroll-bottom' }
  | { type: 'search-start' }
  | { type: 'search-type'; text: string }
  | { type: 'search-erase' }
  | { type: 'search-submit' }
  | { type: 'search-next' }
  | { type: 'search-previous' }
  | { type: 'toggle-help' }
  | { type: 'escape' };

export type ViewEvent =
  | { kind: 'messages'; messages: ServerMessage[] }
  /** Lines from the daemon's buffer fetched apart from the stream, oldest first. */
  | { kind: 'history'; lines: LogLine[] }
  | { kind: 'connection'; state: ConnectionState }
  | { kind: 'action'; action: ViewAction }
  | { kind: 'resize'; size: TerminalSize }
  | { kind: 'tick'; now: number }
  | { kind: 'notice'; notice: Notice };
