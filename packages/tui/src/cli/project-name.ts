// The project name for commands that address a running project (ps, logs, exec, up's
// progress): -p or COMPOSE_PROJECT_NAME when given; else the project devd already serves
// from that folder (no file is read: fast); else the loader's answer; else Compose's
// rule (the folder's name).

import { basename, dirname } from 'node:path';
import type { DaemonClient } from '@devup/daemon/client';
import type { ProjectRef } from '@devup/daemon/protocol';
import { loadOptionsOf } from './project-ref.js';

const normalize = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[^a-z0-9]+/, '');

export const resolveProjectName = async (ref: ProjectRef, client?: DaemonClient): Promise<string> => {
  const explicit = ref.projectName ?? ref.env['COMPOSE_PROJECT_NAME'];
  if (explicit !== undefined && explicit !== '') return normalize(explicit);
  const directory = ref.projectDirectory ?? (ref.files[0] !== undefined ? dirname(ref.files[0]) : ref.cwd);
  const sameFiles = (configFiles: string[]): boolean =>
    ref.files.length === 0 || ref.files.every((file) => configFiles.includes(file));
  if (client !== undefined) {
    const served = await client.projects().catch(() => ({ projects: [] }));
    const matches = served.projects.filter(
      (project) => project.workingDir === directory && sameFiles(project.configFiles),
    );
    if (matches.length === 1 && matches[0] !== undefined) return matches[0].projectName;
  }
  const { loadProject } = await import('@devup/schema');
  try {
    const result = await loadProject(loadOptionsOf(ref));
    if (result.ok) return result.project.name;
  } catch {
    // fall through to the name Compose would use without the files
  }
  return normalize(basename(directory));
};
