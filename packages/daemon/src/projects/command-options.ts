// How a command's request becomes the options of the config loader and of the runner:
// only what the request set is passed on, so the loader's and the runner's defaults hold
// for the rest.

import type { DownRequest, ProjectRef, ServicesRequest, UpRequest } from '../protocol/messages.js';
import type { LoadOptions, UpOptions } from './project-ports.js';

/** The loader's options for the project the CLI described (all of its services). */
export const loadOptionsOf = (ref: ProjectRef): LoadOptions => ({
  cwd: ref.cwd,
  env: ref.env,
  files: ref.files,
  envFiles: ref.envFiles,
  profiles: ref.profiles,
  ...(ref.projectName !== undefined ? { projectName: ref.projectName } : {}),
  ...(ref.projectDirectory !== undefined ? { projectDirectory: ref.projectDirectory } : {}),
});

export const upOptionsOf = (request: UpRequest): UpOptions => ({
  ...(request.services.length > 0 ? { services: request.services } : {}),
  build: request.build,
  forceRecreate: request.forceRecreate,
  dryRun: request.dryRun,
  ...(request.removeOrphans === true ? { removeOrphans: true } : {}),
  ...(request.noBuild === true ? { noBuild: true } : {}),
  ...(request.pull !== undefined ? { pull: request.pull } : {}),
  ...(request.timeoutSeconds !== undefined ? { timeoutSeconds: request.timeoutSeconds } : {}),
});

/** `services`: the ones the config defines, when it loaded; containers of others are orphans. */
export const downOptionsOf = (request: DownRequest, services: string[] | undefined) => ({
  volumes: request.volumes,
  ...(request.timeoutSeconds !== undefined ? { timeoutSeconds: request.timeoutSeconds } : {}),
  ...(services !== undefined ? { services } : {}),
  ...(request.removeOrphans === true ? { removeOrphans: true } : {}),
});

export const stopOptionsOf = (request: ServicesRequest): { timeoutSeconds?: number } =>
  request.timeoutSeconds !== undefined ? { timeoutSeconds: request.timeoutSeconds } : {};

export const restartOptionsOf = (request: ServicesRequest): { timeoutSeconds?: number; noDeps?: boolean } => ({
  ...stopOptionsOf(request),
  ...(request.noDeps === true ? { noDeps: true } : {}),
});

export const buildOptionsOf = (request: ServicesRequest): { noCache?: boolean; pull?: boolean } => ({
  ...(request.noCache === true ? { noCache: true } : {}),
  ...(request.pull === true ? { pull: true } : {}),
});
