// The client side of /v1/exec: starts a command in a service's container and bridges the
// caller's streams to it. Resolves with the command's exit code.

import { loadWebSocket } from './load-ws.js';
import type { ExecClientMessage, ExecServerMessage } from '../protocol/messages.js';
import { DaemonRequestError, DaemonUnavailableError } from './daemon-client.js';

export type ExecStart = Omit<Extract<ExecClientMessage, { type: 'start' }>, 'type'>;

export interface ExecIo {
  /** Bytes to send to the command's stdin; `null` ends it. Called once the exec started. */
  onInput?: (send: (chunk: Buffer | null) => void) => void;
  /** Gives a function that forwards terminal size changes. */
  onResize?: (resize: (columns: number, rows: number) => void) => void;
  stdout: (chunk: Buffer) => void;
  stderr: (chunk: Buffer) => void;
}

export const runExec = (socketPath: string, start: ExecStart, io: ExecIo): Promise<number> =>
  new Promise<number>((resolve, reject) => {
    const ws = new (loadWebSocket())(`ws+unix://${socketPath}:/v1/exec`, { headers: { host: 'devd' } });
    let settled = false;
    const send = (message: ExecClientMessage): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    };
    ws.on('open', () => send({ type: 'start', ...start }));
    ws.on('message', (data: Buffer) => {
      let message: ExecServerMessage;
      try {
        message = JSON.parse(data.toString('utf8')) as ExecServerMessage;
      } catch {
        return;
      }
      switch (message.type) {
        case 'started':
          io.onInput?.((chunk) =>
            send(chunk === null ? { type: 'stdin-end' } : { type: 'stdin', data: chunk.toString('base64') }),
          );
          io.onResize?.((columns, rows) => send({ type: 'resize', columns, rows }));
          return;
        case 'stdout':
          io.stdout(Buffer.from(message.data, 'base64'));
          return;
        case 'stderr':
          io.stderr(Buffer.from(message.data, 'base64'));
          return;
        case 'exit':
          settled = true;
          resolve(message.code);
          ws.close(1000);
          return;
        case 'error':
          settled = true;
          reject(new DaemonRequestError(message.code, message.message, 0));
          ws.close(1000);
          return;
      }
    });
    ws.on('error', (error) => {
      if (!settled) {
        settled = true;
        reject(new DaemonUnavailableError(socketPath, error.message));
      }
    });
    ws.on('close', () => {
      if (!settled) {
        settled = true;
        reject(new DaemonRequestError('DEV_ERR_INTERNAL', 'the exec connection closed before the command ended', 0));
      }
    });
  });
