// Following a container's output the way Compose does: attach for live output, read the
// logs endpoint only for the backlog. (Following through the logs endpoint cost the
// engine ~3x the CPU of an attach on this machine kind; see
// e2e/engine/measure-log-follow.mjs.) The adapter supplies the two engine calls.

import type { Readable } from 'node:stream';
import type { LogChunk } from './engine.js';
import { LineSplitter } from './log-demux.js';
import { pumpOutput, splitOutputBuffer } from './stream-io.js';

export interface LogSources {
  tty: boolean;
  running: boolean;
  /**
   * Opens the live output stream (an attach); undefined when the container stopped or is
   * between two runs of a restart policy, and only its backlog can be read.
   */
  attach: () => Promise<Readable | undefined>;
  /** Reads the backlog with timestamps, up to `until` (unix seconds) when given. */
  readBacklog: (until: number | undefined) => Promise<Buffer | Readable>;
}

export interface FollowOptions {
  tail?: number;
  follow: boolean;
  signal: AbortSignal;
}

/**
 * How much later than devd received a live line the engine may stamp it. The engine's
 * log copier stamps a line when it gets to it, which can be after the attach delivered
 * the same bytes: by a fraction of a millisecond usually, by tens of milliseconds on a
 * busy machine (9 of 2,000 lines past the end of their receive millisecond, one by 33 ms).
 */
export const ENGINE_STAMP_LAG_MS = 1000;

/** The last receive time made: lines arrive many to a millisecond under load. */
let receivedMs = Number.NaN;
let receivedText = '';

/**
 * The receive time of a live line: the end of the current millisecond, in the engine's
 * nanosecond form, so a line the engine stamped in the millisecond devd received it
 * does not look older than its stamp. The engine may stamp it later still
 * (ENGINE_STAMP_LAG_MS): a resume that compares the two allows for that (logs/log-pump.ts).
 */
export const receiveTime = (): string => {
  const nowMs = Date.now();
  if (nowMs !== receivedMs) {
    receivedMs = nowMs;
    receivedText = `${new Date(nowMs).toISOString().slice(0, -1)}999999Z`;
  }
  return receivedText;
};
const now = receiveTime;

export const followLogs = async (
  sources: LogSources,
  options: FollowOptions,
  onChunk: (chunk: LogChunk) => void,
): Promise<void> => {
  // Attach first so nothing is lost between the backlog and the live output; the
  // backlog stops when the attach was established, plus the engine's stamp lag: a line
  // written just before the attach may be stamped after it. A line written while the
  // attach was being set up can arrive both ways, in either order: the backlog's copy
  // (with the engine's timestamp) wins and the live copy is dropped, whether it came
  // before the backlog's (held in liveChunks) or after (matched against backlogWindow).
  const beforeAttach = Date.now();
  const live = options.follow && sources.running ? await sources.attach() : undefined;
  const backlogUntil = (Date.now() + ENGINE_STAMP_LAG_MS) / 1000;
  const liveChunks: LogChunk[] = [];
  /** Backlog lines of the attach window with no live copy yet, oldest first. */
  let backlogWindow: LogChunk[] = [];
  let backlogDone = false;
  const liveSplitter = new LineSplitter({ timestamps: false, now }, (chunk) => {
    if (backlogWindow.length > 0) {
      // Live output is in order: a copy of a window line comes before anything newer.
      const copy = backlogWindow.findIndex(
        (candidate) => candidate.stream === chunk.stream && candidate.text === chunk.text,
      );
      backlogWindow = copy >= 0 ? backlogWindow.slice(copy + 1) : [];
      if (copy >= 0) return;
    }
    if (backlogDone) onChunk(chunk);
    else liveChunks.push(chunk);
  });
  const liveDone = live ? pumpOutput(live, sources.tty, liveSplitter, options.signal) : Promise.resolve();

  if (options.tail !== 0) {
    const backlogSplitter = new LineSplitter({ timestamps: true, now }, (chunk) => {
      if (live && Date.parse(chunk.time) >= beforeAttach - 1) {
        const duplicate = liveChunks.findIndex(
          (candidate) => candidate.stream === chunk.stream && candidate.text === chunk.text,
        );
        if (duplicate >= 0) liveChunks.splice(duplicate, 1);
        else backlogWindow.push(chunk);
      }
      onChunk(chunk);
    });
    const backlog = await sources.readBacklog(live ? backlogUntil : undefined);
    if (Buffer.isBuffer(backlog)) splitOutputBuffer(backlog, sources.tty, backlogSplitter);
    else await pumpOutput(backlog, sources.tty, backlogSplitter, options.signal);
  }
  backlogDone = true;
  for (const chunk of liveChunks.splice(0)) onChunk(chunk);
  await liveDone;
};
