// An exec's hijacked connection as an ExecSession: output split into stdout and stderr
// (one raw stream on a TTY), and the exit code once the process ends.

import { PassThrough, type Duplex } from 'node:stream';
import type { ExecSession } from './engine.js';
import { FrameDemuxer } from './log-demux.js';
import { pause } from './stream-io.js';

export interface ExecControls {
  tty: boolean;
  attachStdin: boolean;
  /** The exec's state; ExitCode is null while it runs. */
  inspect: () => Promise<{ Running: boolean; ExitCode: number | null }>;
  resize: (columns: number, rows: number) => Promise<void>;
  /** The error to raise when no exit code ever appears. */
  noExitCode: () => Error;
}

export const toExecSession = (connection: Duplex, controls: ExecControls): ExecSession => {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  if (controls.tty) {
    connection.pipe(stdout);
  } else {
    const demuxer = new FrameDemuxer((stream, payload) => (stream === 'stderr' ? stderr : stdout).write(payload));
    connection.on('data', (chunk: Buffer) => demuxer.push(chunk));
  }
  const ended = new Promise<void>((resolve) => {
    connection.on('end', resolve);
    connection.on('close', resolve);
    connection.on('error', () => resolve());
  });
  const exitCode = ended.then(async () => {
    stdout.end();
    stderr.end();
    for (let attempt = 0; attempt < 50; attempt++) {
      const info = await controls.inspect();
      if (!info.Running && info.ExitCode !== null) return info.ExitCode;
      await pause(20);
    }
    throw controls.noExitCode();
  });
  exitCode.catch(() => undefined);
  return { ...(controls.attachStdin ? { stdin: connection } : {}), stdout, stderr, exitCode, resize: controls.resize };
};
