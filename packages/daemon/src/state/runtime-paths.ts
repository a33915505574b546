// Where devd keeps its socket, pid file, state file and log for the current user.
// The run directory is $XDG_RUNTIME_DIR/devup, else ~/.devup/run; the data directory
// (state file, daemon log) is $XDG_STATE_HOME/devup, else ~/.devup.

import { homedir } from 'node:os';
import { join } from 'node:path';

export interface RuntimePaths {
  runDir: string;
  socketPath: string;
  pidFile: string;
  dataDir: string;
  stateFile: string;
  logFile: string;
}

export const resolveRuntimePaths = (env: Record<string, string | undefined> = process.env): RuntimePaths => {
  const home = env['HOME'] && env['HOME'] !== '' ? env['HOME'] : homedir();
  const runDir =
    env['DEVUP_RUNTIME_DIR'] ??
    (env['XDG_RUNTIME_DIR'] ? join(env['XDG_RUNTIME_DIR'], 'devup') : join(home, '.devup', 'run'));
  const dataDir =
    env['DEVUP_STATE_DIR'] ?? (env['XDG_STATE_HOME'] ? join(env['XDG_STATE_HOME'], 'devup') : join(home, '.devup'));
  return {
    runDir,
    socketPath: join(runDir, 'devd.sock'),
    pidFile: join(runDir, 'devd.pid'),
    dataDir,
    stateFile: join(dataDir, 'state.json'),
    logFile: join(dataDir, 'devd.log'),
  };
};
