// Hands websocket upgrades of /v1/stream to another process (the log-plane process serves
// the stream, see logs/process/). Only upgrades the access policy lets through are handed
// over; any other upgrade goes the usual way through the app, which refuses or serves it.

import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { type AccessPolicy, checkAccess } from '../security/access-policy.js';

/** Takes over the connection of a stream upgrade: the request's line and headers, and bytes read past them. */
export type StreamHandoff = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

type UpgradeServer = Pick<Server, 'listeners' | 'removeAllListeners' | 'on'>;

const isStreamPath = (url: string | undefined): boolean =>
  url === '/v1/stream' || url?.startsWith('/v1/stream?') === true;

/** Puts a dispatcher in front of the server's upgrade listeners (call after the websocket plugin registered). */
export const routeStreamUpgrades = (server: UpgradeServer, access: AccessPolicy, handoff: StreamHandoff): void => {
  const others = server.listeners('upgrade') as ((request: IncomingMessage, socket: Duplex, head: Buffer) => void)[];
  server.removeAllListeners('upgrade');
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (request.method === 'GET' && isStreamPath(request.url) && checkAccess(access, request.headers) === undefined) {
      handoff(request, socket, head);
      return;
    }
    for (const listener of others) listener(request, socket, head);
  });
};
