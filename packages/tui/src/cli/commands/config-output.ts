// `dev config`'s output when stdout or stderr is a pipe or a file: written straight to the
// file descriptor, synchronously. Node's process.stdout for a pipe is a socket stream whose
// first use loads net and the streams (~4 ms, a tenth of `dev config`); the config command
// only ever writes whole strings. A terminal keeps Node's stream (colours, size), and so does
// a descriptor that would block: the rest goes through the stream, in order.

import type { CliOutput } from '../cli-io.js';

export interface DirectOutput {
  output: CliOutput;
  /** Whether the stream had to be used (it must then be flushed before exiting). */
  usedStream: () => boolean;
}

type FsCalls = Pick<typeof import('node:fs'), 'fstatSync' | 'writeSync'>;

const nodeFs = (): FsCalls => process.getBuiltinModule('node:fs');

/** Whether writing to `fd` straight away is safe: a pipe, a socket or a regular file. */
export const writesDirectly = (fd: number, fs: FsCalls = nodeFs()): boolean => {
  try {
    const stat = fs.fstatSync(fd);
    return stat.isFIFO() || stat.isSocket() || stat.isFile();
  } catch {
    return false;
  }
};

/**
 * An output for `fd`: direct writes when `writesDirectly`, else (and after a write that would
 * block) the stream `stream()` returns, which is only asked for then.
 */
export const directOutput = (fd: number, stream: () => CliOutput, fs: FsCalls = nodeFs()): DirectOutput => {
  if (!writesDirectly(fd, fs)) {
    return { output: stream(), usedStream: () => true };
  }
  let streamed = false;
  let closed = false;
  const write = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    const callback = rest.find((argument): argument is () => void => typeof argument === 'function');
    if (streamed) return stream().write(chunk, () => callback?.());
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let written = 0;
    while (!closed && written < bytes.length) {
      try {
        written += fs.writeSync(fd, bytes, written);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          streamed = true;
          return stream().write(bytes.subarray(written), () => callback?.());
        }
        // The reader went away (`dev config | head`): the rest is not wanted.
        if (code === 'EPIPE') closed = true;
        else throw error;
      }
    }
    callback?.();
    return true;
  };
  return { output: { isTTY: false, write } as unknown as CliOutput, usedStream: () => streamed };
};
