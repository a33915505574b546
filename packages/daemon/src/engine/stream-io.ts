// Small stream helpers for the engine adapter: newline-delimited JSON, pausing, and
// pumping the engine's output (raw on a TTY, multiplexed otherwise) into lines.

import type { Readable } from 'node:stream';
import { FrameDemuxer, type LineSplitter } from './log-demux.js';

export type Json = Record<string, unknown>;

export const pause = (ms: number, signal?: AbortSignal): Promise<void> =>
  new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

/** Splits a stream of newline-delimited JSON messages. */
export const forEachJsonLine = (stream: Readable, onMessage: (message: Json) => void): Promise<void> =>
  new Promise((resolve, reject) => {
    let pending = '';
    stream.on('data', (chunk: Buffer) => {
      const lines = (pending + chunk.toString('utf8')).split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line.trim() !== '') onMessage(JSON.parse(line) as Json);
    });
    stream.on('end', () => {
      if (pending.trim() !== '') onMessage(JSON.parse(pending) as Json);
      resolve();
    });
    stream.on('close', resolve);
    stream.on('error', reject);
  });

/** Feeds a whole buffer of engine output into the splitter. */
export const splitOutputBuffer = (bytes: Buffer, tty: boolean, splitter: LineSplitter): void => {
  if (tty) splitter.push('stdout', bytes);
  else new FrameDemuxer((stream, payload) => splitter.push(stream, payload)).push(bytes);
  splitter.flush();
};

/** Feeds engine output into the splitter until the stream ends or `signal` aborts. */
export const pumpOutput = (
  stream: Readable,
  tty: boolean,
  splitter: LineSplitter,
  signal: AbortSignal,
): Promise<void> => {
  const demuxer = new FrameDemuxer((name, payload) => splitter.push(name, payload));
  return new Promise((resolve) => {
    const finish = (): void => {
      splitter.flush();
      resolve();
    };
    const abort = (): void => {
      stream.destroy();
      finish();
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    stream.on('data', (chunk: Buffer) => (tty ? splitter.push('stdout', chunk) : demuxer.push(chunk)));
    stream.on('end', finish);
    stream.on('close', finish);
    stream.on('error', finish);
  });
};
