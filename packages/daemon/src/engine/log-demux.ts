// Splits the engine's output streams into lines. Without a TTY the engine multiplexes
// stdout and stderr in frames (an 8-byte header: stream type, three zero bytes, payload
// size as uint32 big-endian); with `timestamps` each line starts with an RFC 3339 time
// and a space. Pure: bytes in, chunks out.

import type { LogChunk } from './engine.js';

type StreamName = LogChunk['stream'];

export interface LineSplitterOptions {
  /** Lines start with the engine's timestamp. */
  timestamps: boolean;
  /** Supplies a time for lines without one (attach output). */
  now: () => string;
}

/** Collects partial lines per stream and emits whole ones. */
export class LineSplitter {
  private readonly pending: Record<StreamName, string> = { stdout: '', stderr: '' };
  private readonly decoders = { stdout: new TextDecoder(), stderr: new TextDecoder() };
  private receivedAt: string | undefined;

  constructor(
    private readonly options: LineSplitterOptions,
    private readonly onChunk: (chunk: LogChunk) => void,
  ) {}

  push(stream: StreamName, bytes: Uint8Array): void {
    const text = this.pending[stream] + this.decoders[stream].decode(bytes, { stream: true });
    // One receive time for the lines of one read.
    this.receivedAt = undefined;
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      // A TTY ends lines with CRLF; lines are delivered with a plain LF.
      this.emit(
        stream,
        end > start && text.charCodeAt(end - 1) === 13 ? `${text.slice(start, end - 1)}\n` : text.slice(start, end + 1),
      );
      start = end + 1;
    }
    this.pending[stream] = start === 0 ? text : text.slice(start);
  }

  /** Emits any unterminated last line. */
  flush(): void {
    this.receivedAt = undefined;
    for (const stream of ['stdout', 'stderr'] as const) {
      const rest = this.pending[stream] + this.decoders[stream].decode();
      this.pending[stream] = '';
      if (rest !== '') this.emit(stream, rest);
    }
  }

  private now(): string {
    this.receivedAt ??= this.options.now();
    return this.receivedAt;
  }

  private emit(stream: StreamName, line: string): void {
    if (!this.options.timestamps) {
      this.onChunk({ stream, time: this.now(), text: line });
      return;
    }
    const space = line.indexOf(' ');
    const stamp = space > 0 ? line.slice(0, space) : '';
    if (/^\d{4}-\d\d-\d\dT/.test(stamp)) {
      this.onChunk({ stream, time: stamp, text: line.slice(space + 1) });
    } else {
      this.onChunk({ stream, time: this.now(), text: line });
    }
  }
}

/** Reads the engine's multiplexed frames and hands each payload to `onFrame`. */
export class FrameDemuxer {
  private buffered: Buffer = Buffer.alloc(0);

  constructor(private readonly onFrame: (stream: StreamName, payload: Buffer) => void) {}

  push(bytes: Buffer): void {
    this.buffered = this.buffered.length === 0 ? bytes : Buffer.concat([this.buffered, bytes]);
    while (this.buffered.length >= 8) {
      const size = this.buffered.readUInt32BE(4);
      if (this.buffered.length < 8 + size) return;
      const type = this.buffered[0];
      const payload = this.buffered.subarray(8, 8 + size);
      this.buffered = this.buffered.subarray(8 + size);
      // 0 is stdin (echoed on a TTY-less attach); 1 stdout; 2 stderr.
      if (type === 2) this.onFrame('stderr', payload);
      else if (type === 1 || type === 0) this.onFrame('stdout', payload);
    }
  }
}
