// Requests the HTTP parser cannot read (garbage, bad framing, headers past the size
// limit, a timeout) are answered with the API's error body and a stable code, then the
// connection is closed. Nothing of the request is echoed back.

import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';

const answerFor = (code: string | undefined): { status: number; body: string } => {
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return {
      status: 408,
      body: JSON.stringify({ error: { code: 'DEV_ERR_BAD_REQUEST', message: 'the request took too long to arrive' } }),
    };
  }
  if (code === 'HPE_HEADER_OVERFLOW') {
    return {
      status: 431,
      body: JSON.stringify({ error: { code: 'DEV_ERR_TOO_LARGE', message: 'request headers too large' } }),
    };
  }
  return {
    status: 400,
    body: JSON.stringify({ error: { code: 'DEV_ERR_BAD_REQUEST', message: 'malformed HTTP request' } }),
  };
};

export const answerClientError = (error: Error & { code?: string }, socket: Duplex): void => {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const { status, body } = answerFor(error.code);
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nContent-Length: ${Buffer.byteLength(body)}\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n${body}`,
    );
  }
  socket.destroy();
};
