// What the terminal UI needs from devd: its stream and four service commands.
// daemon-connection.ts adapts the daemon's client to this; tests use their own fakes.

import type { LogLine, ServerMessage } from '@devup/daemon/protocol';
import type { ConnectionState } from '../view/view-state.js';

export interface TuiConnection {
  /**
   * Opens the stream (reconnecting as needed) and returns a function that closes it.
   * `lastLogSeq` tells a reconnecting stream where each project's logs resume.
   */
  subscribe(
    onMessage: (message: ServerMessage) => void,
    onConnection: (state: ConnectionState) => void,
    lastLogSeq: () => Record<string, number>,
  ): () => void;
  /** The project's lines in the daemon's buffer, oldest first (for scrolling back). */
  history?(): Promise<LogLine[]>;
  restart(serviceName: string): Promise<void>;
  stop(serviceName: string): Promise<void>;
  start(serviceName: string): Promise<void>;
  rebuild(serviceName: string): Promise<void>;
}
