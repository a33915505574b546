// Small stream helpers for the engine adapter: newline-delimited JSON, pausing, and
// pumping the engine's output (raw on a TTY, multiplexed otherwise) into lines.

import type { Readable } from 'node:stream';
import { enginePacer, type IngestPacer } from './ingest-pacer.js';
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

/** The largest part of a read handled as one piece of paced work. */
const PACED_PART_BYTES = 16 * 1024;

/**
 * Feeds engine output into the splitter until the stream ends or `signal` aborts. The
 * work is paced (ingest-pacer.ts): under a flood of output it is spread over turns of
 * the event loop, in order, so the daemon keeps answering.
 */
export const pumpOutput = (
  stream: Readable,
  tty: boolean,
  splitter: LineSplitter,
  signal: AbortSignal,
  pacer: IngestPacer = enginePacer,
): Promise<void> => {
  const demuxer = new FrameDemuxer((name, payload) => splitter.push(name, payload));
  return new Promise((resolve) => {
    let finished = false;
    const finish = (): void => {
      if (finished) return;
      finished = true;
      splitter.flush();
      resolve();
    };
    const abort = (): void => {
      pacer.cancel(stream);
      stream.destroy();
      finish();
    };
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    const feed = (bytes: Buffer): void => (tty ? splitter.push('stdout', bytes) : demuxer.push(bytes));
    // A large read is paced in parts, so one read cannot hold the thread for long.
    stream.on('data', (chunk: Buffer) => {
      for (let offset = 0; offset < chunk.length; offset += PACED_PART_BYTES) {
        const part = chunk.subarray(offset, offset + PACED_PART_BYTES);
        pacer.run(stream, () => feed(part));
      }
    });
    // The end waits for the chunks before it.
    const end = (): void => pacer.run(stream, finish);
    stream.on('end', end);
    stream.on('close', end);
    stream.on('error', end);
  });
};
