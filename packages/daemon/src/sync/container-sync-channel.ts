// Getting a sync batch into a running container, by the fastest channel it allows.
//
// stream: one long-lived exec of a small shell loop per container. Each batch is a
//   framed command on its stdin: "D<n>" and n lines of paths to remove, or "T<bytes>"
//   followed by a tar archive that `dd | tar -x` unpacks; the loop answers "ok" or
//   "err ..." per command, so the caller knows when files are visible (a restart or
//   exec after a sync waits for it). Needs sh, dd and GNU tar in the image.
// archive: the engine's archive endpoint per batch (putArchive, ~60 ms a call) and an
//   exec of `rm -rf --` for removals, for images without GNU tar.
// Measured with bench/watch (see its README): ~5 ms per small batch on the stream,
// ~100 ms through the archive endpoint.

import { Readable } from 'node:stream';
import type { Engine, ExecSession } from '../engine/engine.js';
import { packTarBatch } from '../archive/tar-batch.js';
import type { SyncBatch } from './collect-sync-batch.js';

export type SyncChannelKind = 'stream' | 'archive';

const SYNC_LOOP = [
  "tar --version 2>/dev/null | grep -q 'GNU tar' && command -v dd >/dev/null 2>&1 || { echo unsupported; exit 0; }",
  'echo ready',
  'while IFS= read -r line; do',
  '  case "$line" in',
  '    T*) if out=$(dd bs=65536 iflag=fullblock,count_bytes count="${line#T}" 2>/dev/null | tar -x -p --ignore-zeros --no-same-owner -f - -C / 2>&1); then echo ok; else printf \'err %s\\n\' "$(printf %s "$out" | tr \'\\n\' \' \')"; fi ;;',
  '    D*) n=${line#D}; failed=; while [ "$n" -gt 0 ]; do IFS= read -r p; rm -rf -- "$p" 2>/dev/null || failed="$p"; n=$((n-1)); done;',
  '        if [ -z "$failed" ]; then echo ok; else echo "err cannot remove $failed"; fi ;;',
  '    Q) exit 0 ;;',
  '    *) echo "err unknown command" ;;',
  '  esac',
  'done',
].join('\n');

export class SyncChannelError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SyncChannelError';
  }
}

export interface SyncChannel {
  readonly kind: SyncChannelKind;
  readonly containerId: string;
  apply(batch: Pick<SyncBatch, 'writes' | 'deletes'>): Promise<void>;
  close(): Promise<void>;
}

export interface OpenSyncChannelOptions {
  /** Force a channel (benchmarks); by default the stream when the image allows it. */
  prefer?: SyncChannelKind;
  /** User for the stream exec and removals (the service's user when unset). */
  user?: string;
  /** How long the stream may take to say it is ready before the archive endpoint is used. */
  readyTimeoutMs?: number;
}

export async function openSyncChannel(
  engine: Engine,
  containerId: string,
  options: OpenSyncChannelOptions = {},
): Promise<SyncChannel> {
  if (options.prefer !== 'archive') {
    const stream = await StreamChannel.open(engine, containerId, options.user, options.readyTimeoutMs ?? 5000);
    if (stream) return stream;
  }
  return new ArchiveChannel(engine, containerId, options.user);
}

class StreamChannel implements SyncChannel {
  readonly kind = 'stream';
  private readonly replies: ((line: string) => void)[] = [];
  private buffered = '';
  private closed = false;
  private queue: Promise<unknown> = Promise.resolve();

  private constructor(
    readonly containerId: string,
    private readonly session: ExecSession,
  ) {
    session.stdout.setEncoding('utf8');
    session.stdout.on('data', (text: string) => {
      this.buffered += text;
      let newline: number;
      while ((newline = this.buffered.indexOf('\n')) >= 0) {
        const line = this.buffered.slice(0, newline);
        this.buffered = this.buffered.slice(newline + 1);
        this.replies.shift()?.(line);
      }
    });
    session.stderr.resume();
    void session.exitCode
      .catch(() => -1)
      .then(() => {
        this.closed = true;
        for (const reply of this.replies.splice(0)) reply('err the sync process in the container ended');
      });
  }

  static async open(
    engine: Engine,
    containerId: string,
    user: string | undefined,
    readyTimeoutMs: number,
  ): Promise<StreamChannel | undefined> {
    let session: ExecSession;
    try {
      session = await engine.exec(containerId, {
        cmd: ['sh', '-c', SYNC_LOOP],
        tty: false,
        attachStdin: true,
        ...(user ? { user } : {}),
      });
    } catch {
      return undefined;
    }
    if (!session.stdin) return undefined;
    const channel = new StreamChannel(containerId, session);
    let timer: NodeJS.Timeout | undefined;
    const first = await Promise.race([
      channel.nextReply(),
      session.exitCode.then(() => 'exited').catch(() => 'exited'),
      new Promise<string>((resolve) => (timer = setTimeout(() => resolve('timeout'), readyTimeoutMs))),
    ]);
    clearTimeout(timer);
    if (first !== 'ready') {
      await channel.close();
      return undefined;
    }
    return channel;
  }

  apply(batch: Pick<SyncBatch, 'writes' | 'deletes'>): Promise<void> {
    const run = this.queue.then(() => this.send(batch));
    this.queue = run.catch(() => undefined);
    return run;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.session.stdin?.write('Q\n');
    this.session.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      this.session.exitCode.catch(() => undefined),
      new Promise((resolve) => (timer = setTimeout(resolve, 2000))),
    ]);
    clearTimeout(timer);
  }

  private async send(batch: Pick<SyncBatch, 'writes' | 'deletes'>): Promise<void> {
    if (this.closed) throw new SyncChannelError('the sync process in the container ended');
    const stdin = this.session.stdin!;
    if (batch.deletes.length > 0) {
      const reply = this.nextReply();
      stdin.write(`D${batch.deletes.length}\n${batch.deletes.map((path) => `${path}\n`).join('')}`);
      checkReply(await reply);
    }
    if (batch.writes.length > 0) {
      const tar = await packTarBatch(batch.writes);
      const reply = this.nextReply();
      stdin.write(`T${tar.length}\n`);
      stdin.write(tar);
      checkReply(await reply);
    }
  }

  private nextReply(): Promise<string> {
    return new Promise((resolve) => this.replies.push(resolve));
  }
}

function checkReply(line: string): void {
  if (line !== 'ok')
    throw new SyncChannelError(line.replace(/^err\s*/, '') || 'the container did not confirm the sync');
}

class ArchiveChannel implements SyncChannel {
  readonly kind = 'archive';

  constructor(
    private readonly engine: Engine,
    readonly containerId: string,
    private readonly user: string | undefined,
  ) {}

  async apply(batch: Pick<SyncBatch, 'writes' | 'deletes'>): Promise<void> {
    if (batch.deletes.length > 0) {
      const session = await this.engine.exec(this.containerId, {
        cmd: ['rm', '-rf', '--', ...batch.deletes],
        tty: false,
        attachStdin: false,
        ...(this.user ? { user: this.user } : {}),
      });
      session.stdout.resume();
      const errors: string[] = [];
      session.stderr.on('data', (chunk: Buffer) => errors.push(chunk.toString()));
      const code = await session.exitCode;
      if (code !== 0) throw new SyncChannelError(`removing files failed (exit ${code}): ${errors.join('').trim()}`);
    }
    if (batch.writes.length > 0) {
      const tar = await packTarBatch(batch.writes);
      await this.engine.putArchive(this.containerId, '/', Readable.from([tar]));
    }
  }

  async close(): Promise<void> {}
}
