// A TuiConnection the tests drive by hand: push messages, change the connection state,
// and read which commands the UI sent.

import type { LogLine, ServerMessage } from '@devup/daemon/protocol';
import type { TuiConnection } from '../src/ui/tui-connection.js';
import type { ConnectionState } from '../src/view/view-state.js';

export class FakeConnection implements TuiConnection {
  commands: string[] = [];
  subscribed = 0;
  closed = 0;
  failNext?: string;
  /** What history() answers; history() is absent when undefined. */
  historyLines?: LogLine[];
  historyCalls = 0;
  private onMessage?: (message: ServerMessage) => void;
  private onConnection?: (state: ConnectionState) => void;
  lastLogSeq?: () => Record<string, number>;

  subscribe(
    onMessage: (message: ServerMessage) => void,
    onConnection: (state: ConnectionState) => void,
    lastLogSeq: () => Record<string, number>,
  ): () => void {
    this.subscribed += 1;
    this.onMessage = onMessage;
    this.onConnection = onConnection;
    this.lastLogSeq = lastLogSeq;
    return () => {
      this.closed += 1;
      delete this.onMessage;
      delete this.onConnection;
    };
  }

  get history(): (() => Promise<LogLine[]>) | undefined {
    const lines = this.historyLines;
    if (lines === undefined) return undefined;
    return async () => {
      this.historyCalls += 1;
      return lines;
    };
  }

  push(...messages: ServerMessage[]): void {
    for (const message of messages) this.onMessage?.(message);
  }

  setState(state: ConnectionState): void {
    this.onConnection?.(state);
  }

  private async record(verb: string, serviceName: string): Promise<void> {
    this.commands.push(`${verb} ${serviceName}`);
    const failure = this.failNext;
    delete this.failNext;
    if (failure !== undefined) throw new Error(failure);
  }

  restart = (serviceName: string): Promise<void> => this.record('restart', serviceName);
  stop = (serviceName: string): Promise<void> => this.record('stop', serviceName);
  start = (serviceName: string): Promise<void> => this.record('start', serviceName);
  rebuild = (serviceName: string): Promise<void> => this.record('rebuild', serviceName);
}
