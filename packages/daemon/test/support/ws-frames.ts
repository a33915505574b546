// Just enough of the websocket wire format for tests that must misbehave: a raw upgrade
// over a socket, masked client frames, and a parser for the server's (unmasked) frames.

import { randomBytes } from 'node:crypto';
import type { Socket } from 'node:net';

export const upgradeRequest = (path: string, headers: Record<string, string> = { Host: 'devd' }): string =>
  `GET ${path} HTTP/1.1\r\n${Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join(
      '',
    )}Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${randomBytes(16).toString('base64')}\r\nSec-WebSocket-Version: 13\r\n\r\n`;

/** A masked client frame (opcode 1 text, 2 binary); `declaredLength` may lie about the payload. */
export const clientFrame = (
  payload: Buffer | string,
  options: { opcode?: number; fin?: boolean; declaredLength?: number } = {},
): Buffer => {
  const body = typeof payload === 'string' ? Buffer.from(payload) : payload;
  const length = options.declaredLength ?? body.length;
  const head: number[] = [((options.fin ?? true) ? 0x80 : 0) | (options.opcode ?? 1)];
  if (length < 126) head.push(0x80 | length);
  else if (length < 65536) head.push(0x80 | 126, length >> 8, length & 0xff);
  else {
    head.push(0x80 | 127, 0, 0, 0, 0);
    head.push((length >>> 24) & 0xff, (length >>> 16) & 0xff, (length >>> 8) & 0xff, length & 0xff);
  }
  const mask = randomBytes(4);
  const masked = Buffer.from(body.map((byte, index) => byte ^ (mask[index % 4] as number)));
  return Buffer.concat([Buffer.from(head), mask, masked]);
};

export interface ServerFrame {
  opcode: number;
  payload: Buffer;
}

/**
 * Splits a byte stream (after the 101 response) into server messages, joining a message
 * sent in fragments; keeps the incomplete rest.
 */
export class FrameReader {
  private pending = Buffer.alloc(0);
  /** The fragments so far of a message not yet finished. */
  private fragments: ServerFrame | undefined;
  readonly frames: ServerFrame[] = [];

  push(chunk: Buffer): void {
    this.pending = Buffer.concat([this.pending, chunk]);
    for (;;) {
      if (this.pending.length < 2) return;
      const fin = ((this.pending[0] as number) & 0x80) !== 0;
      const opcode = (this.pending[0] as number) & 0x0f;
      let length = (this.pending[1] as number) & 0x7f;
      let offset = 2;
      if (length === 126) {
        if (this.pending.length < 4) return;
        length = this.pending.readUInt16BE(2);
        offset = 4;
      } else if (length === 127) {
        if (this.pending.length < 10) return;
        length = Number(this.pending.readBigUInt64BE(2));
        offset = 10;
      }
      if (this.pending.length < offset + length) return;
      const payload = this.pending.subarray(offset, offset + length);
      this.pending = this.pending.subarray(offset + length);
      const message: ServerFrame =
        opcode === 0 && this.fragments !== undefined
          ? { opcode: this.fragments.opcode, payload: Buffer.concat([this.fragments.payload, payload]) }
          : { opcode, payload };
      if (fin) {
        this.fragments = undefined;
        this.frames.push(message);
      } else this.fragments = message;
    }
  }

  texts(): string[] {
    return this.frames.filter((frame) => frame.opcode === 1).map((frame) => frame.payload.toString('utf8'));
  }
}

/** Performs the upgrade on an open socket; resolves with a reader fed by everything after the 101. */
export const rawUpgrade = (socket: Socket, path: string, headers?: Record<string, string>): Promise<FrameReader> =>
  new Promise((resolve, reject) => {
    let head = Buffer.alloc(0);
    const reader = new FrameReader();
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      socket.off('data', onData);
      const status = head.subarray(0, end).toString('latin1');
      if (!status.startsWith('HTTP/1.1 101')) {
        reject(new Error(`upgrade refused: ${status.split('\r\n')[0]}`));
        return;
      }
      reader.push(head.subarray(end + 4));
      socket.on('data', (more: Buffer) => reader.push(more));
      resolve(reader);
    };
    socket.on('data', onData);
    socket.write(upgradeRequest(path, headers));
  });
