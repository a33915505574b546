// Runs a whole process and measures its wall time.
import { spawn } from 'node:child_process';

export interface ProcessRun {
  exitCode: number;
  stdout: string;
  stderr: string;
  wallMs: number;
}

export function runProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string } = {},
): Promise<ProcessRun> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Number(process.hrtime.bigint() - started) / 1e6;
      resolve({ exitCode: code ?? -1, stdout, stderr, wallMs });
    });
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a process and fails loudly when it exits non-zero, returning its wall time. */
export async function timeProcess(
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<number> {
  const run = await runProcess(command, args, options);
  if (run.exitCode !== 0) {
    throw new Error(`${command} ${args.join(' ')} exited ${run.exitCode}: ${run.stderr.slice(-2000)}`);
  }
  return run.wallMs;
}
