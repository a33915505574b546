// dev exec [-T] [-u USER] [-w DIR] [-e K=V] [--index N] SERVICE CMD...: runs a command in
// a running service container. A real TTY (raw mode, resize) when stdin is a terminal;
// the command's exit code becomes dev's.

import { UsageError, type CliIo } from '../cli-io.js';
import type { Command } from '../command.js';
import { connectDaemon } from '../daemon-connection.js';
import { resolveProjectName } from '../project-name.js';
import { projectRefOf } from '../project-ref.js';

export interface ExecArgs {
  noTty: boolean;
  detach: boolean;
  user?: string;
  workingDir?: string;
  env: string[];
  index?: number;
  serviceName: string;
  cmd: string[];
}

const VALUE_OPTIONS: Record<string, 'user' | 'workingDir' | 'env' | 'index'> = {
  '-u': 'user',
  '--user': 'user',
  '-w': 'workingDir',
  '--workdir': 'workingDir',
  '-e': 'env',
  '--env': 'env',
  '--index': 'index',
};

/** Options end at SERVICE: everything after it is the command, untouched (`sh -c 'exit 7'`). */
export const parseExecArgs = (args: readonly string[]): ExecArgs => {
  const parsed: Omit<ExecArgs, 'serviceName' | 'cmd'> = { noTty: false, detach: false, env: [] };
  let index = 0;
  while (index < args.length) {
    const token = args[index] as string;
    if (token === '--') {
      index += 1;
      break;
    }
    if (!token.startsWith('-')) break;
    if (token === '-T' || token === '--no-TTY' || token === '--no-tty') parsed.noTty = true;
    else if (token === '-t' || token === '--tty' || token === '-i' || token === '--interactive') {
      // Compose accepts these for docker compatibility; they are the default.
    } else if (token === '-d' || token === '--detach') parsed.detach = true;
    else {
      const equals = token.startsWith('--') ? token.indexOf('=') : -1;
      const flag = equals > 0 ? token.slice(0, equals) : token;
      const key = VALUE_OPTIONS[flag];
      if (key === undefined) throw new UsageError(`dev exec: unknown option ${flag}`);
      const value = equals > 0 ? token.slice(equals + 1) : args[++index];
      if (value === undefined) throw new UsageError(`dev exec: ${flag} needs a value`);
      if (key === 'env') parsed.env.push(value);
      else if (key === 'index') {
        if (!/^[1-9]\d*$/.test(value)) throw new UsageError('dev exec: --index must be a number from 1');
        parsed.index = Number(value);
      } else parsed[key] = value;
    }
    index += 1;
  }
  const serviceName = args[index];
  const cmd = args.slice(index + 1);
  if (serviceName === undefined) throw new UsageError('dev exec: name a service, e.g. dev exec web sh');
  if (cmd.length === 0) throw new UsageError(`dev exec: give a command to run in ${serviceName}`);
  return { ...parsed, serviceName, cmd };
};

/** The terminal's size; 80x24 when it does not say (a pseudo-terminal may report 0). */
const terminalSize = (output: CliIo['stdout']): { columns: number; rows: number } => ({
  columns: output.columns !== undefined && output.columns > 0 ? output.columns : 80,
  rows: output.rows !== undefined && output.rows > 0 ? output.rows : 24,
});

const bridgeTerminal = (io: CliIo, tty: boolean) => {
  const stdin = io.stdin;
  const rawMode = tty && stdin.isTTY === true && typeof stdin.setRawMode === 'function';
  return {
    onInput: (send: (chunk: Buffer | null) => void) => {
      if (rawMode) stdin.setRawMode?.(true);
      stdin.on('data', (chunk: Buffer | string) => send(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk)));
      stdin.on('end', () => send(null));
      stdin.resume();
    },
    onResize: (resize: (columns: number, rows: number) => void) => {
      if (!tty) return;
      const stdout = io.stdout as CliIo['stdout'] & { on?: (event: string, listener: () => void) => void };
      stdout.on?.('resize', () => {
        const size = terminalSize(stdout);
        resize(size.columns, size.rows);
      });
    },
    restore: () => {
      if (rawMode) stdin.setRawMode?.(false);
      stdin.pause();
    },
  };
};

export const execCommand: Command = async ({ globals, args, io }) => {
  const parsed = parseExecArgs(args);
  const { runExec } = await import('@devup/daemon/client');
  const { paths, client } = await connectDaemon(io);
  const projectName = await resolveProjectName(projectRefOf(globals, io), client);
  const tty = !parsed.noTty && !parsed.detach && io.stdin.isTTY === true;
  const terminal = bridgeTerminal(io, tty);
  // -d: as Compose, return once the command has started; it runs on in the container.
  let started: () => void = () => undefined;
  const detached = new Promise<number>((resolve) => (started = () => resolve(0)));
  try {
    const execution = runExec(
      paths.socketPath,
      {
        projectName,
        serviceName: parsed.serviceName,
        cmd: parsed.cmd,
        tty,
        interactive: !parsed.detach,
        ...(parsed.index !== undefined ? { index: parsed.index } : {}),
        ...(parsed.user !== undefined ? { user: parsed.user } : {}),
        ...(parsed.workingDir !== undefined ? { workingDir: parsed.workingDir } : {}),
        ...(parsed.env.length > 0 ? { env: parsed.env } : {}),
        ...(tty ? terminalSize(io.stdout) : {}),
      },
      {
        onInput: parsed.detach ? () => started() : terminal.onInput,
        onResize: terminal.onResize,
        stdout: (chunk) => io.stdout.write(chunk),
        stderr: (chunk) => io.stderr.write(chunk),
      },
    );
    return await (parsed.detach ? Promise.race([execution, detached]) : execution);
  } finally {
    terminal.restore();
  }
};
