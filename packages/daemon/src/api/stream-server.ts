// The stream server of the log-plane process (logs/process/): devd hands it the connections of
// /v1/stream upgrades it accepted (api/stream-upgrades.ts), and it completes the websocket
// handshake and serves each connection (api/stream-session.ts) from a copy of devd's
// status and the feeds of its own hub, so the lines never pass through devd.

import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { WebSocketServer } from 'ws';
import type { ApiLimits } from './api-deps.js';
import { type StreamDeps, serveStream } from './stream-session.js';
import type { StreamOutbox } from './stream-outbox.js';

export interface StreamServer {
  /** Completes the upgrade of a connection devd accepted, then serves it. */
  adopt(
    request: { method: string; url: string; headers: IncomingMessage['headers'] },
    socket: Socket,
    head: Buffer,
  ): void;
  close(): void;
}

export const createStreamServer = (
  deps: StreamDeps,
  limits: ApiLimits,
  onViewers: (count: number) => void,
): StreamServer => {
  const outboxes = new Set<StreamOutbox>();
  const viewers = { count: 0 };
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: Math.max(limits.frameBytes, limits.bodyBytes) * 2,
  });
  return {
    adopt: (request, socket, head) => {
      socket.on('error', () => socket.destroy());
      server.handleUpgrade(request as IncomingMessage, socket, head, (ws) => {
        ws.on('error', () => ws.terminate());
        serveStream(ws, { ...deps, viewers }, limits, outboxes);
        onViewers(viewers.count);
        ws.on('close', () => onViewers(viewers.count));
      });
    },
    close: () => {
      for (const client of server.clients) client.terminate();
      server.close();
    },
  };
};
