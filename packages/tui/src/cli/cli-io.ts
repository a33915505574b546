// What a command touches of the outside world, passed in so tests can run commands in
// memory: output streams, input, environment, working directory, signals.

import type { Readable, Writable } from 'node:stream';

export interface CliOutput extends Writable {
  isTTY?: boolean;
  columns?: number;
  rows?: number;
}

export interface CliInput extends Readable {
  isTTY?: boolean;
  setRawMode?: (mode: boolean) => unknown;
}

export interface CliIo {
  stdout: CliOutput;
  stderr: CliOutput;
  stdin: CliInput;
  env: Record<string, string | undefined>;
  cwd: string;
  /** Resolves when the user interrupts (Ctrl-C); commands that follow output stop then. */
  interrupted: Promise<void>;
}

/** Exit codes: what each means is stable and documented in `dev --help`. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  daemonUnavailable: 3,
  interrupted: 130,
} as const;

/** An expected failure with a message for the user and an exit code; printed without a stack. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: number = EXIT.failure,
  ) {
    super(message);
  }
}

export class UsageError extends CliError {
  constructor(message: string) {
    super(message, EXIT.usage);
  }
}

export const colorEnabled = (output: CliOutput, env: CliIo['env']): boolean =>
  output.isTTY === true && (env['NO_COLOR'] === undefined || env['NO_COLOR'] === '') && env['TERM'] !== 'dumb';

export const writeLine = (output: CliOutput, text = ''): void => {
  output.write(`${text}\n`);
};
