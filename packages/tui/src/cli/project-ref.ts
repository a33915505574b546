// The ProjectRef sent to devd: the CLI's project options, working directory and
// environment, so the daemon loads the project exactly as `dev config` would.

import { resolve } from 'node:path';
import type { ProjectRef } from '@devup/daemon/protocol';
import type { CliIo } from './cli-io.js';
import type { GlobalOptions } from './global-options.js';

export const projectRefOf = (globals: GlobalOptions, io: Pick<CliIo, 'cwd' | 'env'>): ProjectRef => {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(io.env)) if (value !== undefined) env[name] = value;
  return {
    cwd: resolve(io.cwd),
    files: globals.files.map((file) => (file === '-' ? file : resolve(io.cwd, file))),
    ...(globals.projectName !== undefined ? { projectName: globals.projectName } : {}),
    ...(globals.projectDirectory !== undefined ? { projectDirectory: resolve(io.cwd, globals.projectDirectory) } : {}),
    envFiles: globals.envFiles.map((file) => resolve(io.cwd, file)),
    profiles: globals.profiles,
    env,
  };
};

/** The loader's options for a ProjectRef (the same fields, as `loadProject` takes them). */
export const loadOptionsOf = (ref: ProjectRef, services: string[] = []) => ({
  cwd: ref.cwd,
  env: ref.env,
  files: ref.files,
  envFiles: ref.envFiles,
  profiles: ref.profiles,
  ...(ref.projectName !== undefined ? { projectName: ref.projectName } : {}),
  ...(ref.projectDirectory !== undefined ? { projectDirectory: ref.projectDirectory } : {}),
  ...(services.length > 0 ? { services } : {}),
});
