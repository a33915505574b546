// Output of the in-memory fake: a container's log chunks and their followers, and exec
// sessions whose output and exit code come from the fake shell (fake-shell.ts).

import { PassThrough } from 'node:stream';
import type { ExecSession, ExecSpec, LogChunk } from './engine.js';
import type { FakeContainer } from './fake-container.js';
import { runFakeScript } from './fake-shell.js';

/** Adds a chunk to a container's output and hands it to every follower. */
export function appendFakeOutput(container: FakeContainer, chunk: LogChunk): void {
  container.output.push(chunk);
  for (const listener of container.outputListeners) listener(chunk);
}

/** Tells every follower of a container's output that it has ended. */
export function endFakeOutput(container: FakeContainer): void {
  for (const listener of [...container.outputListeners]) listener(undefined);
}

/** Runs `spec.cmd` through the fake shell and returns its already-finished session. */
export function fakeExecSession(spec: ExecSpec): ExecSession {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const script = runFakeScript(spec.cmd);
  for (const line of script.output) (line.stream === 'stderr' ? stderr : stdout).write(line.text);
  stdout.end();
  stderr.end();
  return {
    stdout,
    stderr,
    exitCode: Promise.resolve(script.exitCode ?? 0),
    ...(spec.attachStdin ? { stdin: new PassThrough() } : {}),
  };
}

/** Replays a container's output (since/tail), then follows it while it runs and `signal` allows. */
export async function streamFakeLogs(
  container: FakeContainer,
  options: { since?: number; tail?: number; follow: boolean; signal: AbortSignal },
  onChunk: (chunk: LogChunk) => void,
): Promise<void> {
  let backlog = container.output.filter(
    (chunk) => options.since === undefined || Date.parse(chunk.time) / 1000 >= options.since,
  );
  if (options.tail !== undefined) backlog = backlog.slice(Math.max(0, backlog.length - options.tail));
  for (const chunk of backlog) onChunk(chunk);
  if (!options.follow || container.state !== 'running' || options.signal.aborted) return;
  await new Promise<void>((resolve) => {
    const listener = (chunk: LogChunk | undefined): void => {
      if (chunk) return onChunk(chunk);
      container.outputListeners.delete(listener);
      resolve();
    };
    container.outputListeners.add(listener);
    options.signal.addEventListener('abort', () => listener(undefined), { once: true });
  });
}
