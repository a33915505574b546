// Raw HTTP over a TCP or unix socket: whatever bytes a test wants to send, and the
// status line and headers of what comes back (or that the peer closed without one).

import { connect, type Socket } from 'node:net';

export type Target = { port: number; host?: string } | { path: string };

export interface RawResponse {
  /** 0 when the connection closed without a status line. */
  status: number;
  headers: Record<string, string>;
  body: string;
  /** The peer closed the connection (rather than the time running out). */
  closedByPeer: boolean;
}

export const openRaw = (target: Target): Promise<Socket> =>
  new Promise((resolve, reject) => {
    const socket = 'path' in target ? connect(target.path) : connect(target.port, target.host ?? '127.0.0.1');
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });

export const parseRawResponse = (text: string, closedByPeer = false): RawResponse => {
  const headerEnd = text.indexOf('\r\n\r\n');
  const head = headerEnd < 0 ? text : text.slice(0, headerEnd);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1] ?? 0);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status, headers, body: headerEnd < 0 ? '' : text.slice(headerEnd + 4), closedByPeer };
};

/** Sends the bytes, then reads until the peer closes or `untilText` shows up, or the time runs out. */
export const rawExchange = async (
  target: Target,
  bytes: string | Buffer,
  options: { timeoutMs?: number; untilText?: string } = {},
): Promise<RawResponse> => {
  const socket = await openRaw(target);
  return new Promise((resolve) => {
    let received = '';
    const finish = (closedByPeer: boolean): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(parseRawResponse(received, closedByPeer));
    };
    const timer = setTimeout(() => finish(false), options.timeoutMs ?? 3000);
    socket.on('data', (chunk: Buffer) => {
      received += chunk.toString('latin1');
      if (options.untilText !== undefined && received.includes(options.untilText)) finish(false);
    });
    socket.on('close', () => finish(true));
    socket.on('error', () => finish(true));
    socket.write(bytes);
  });
};
