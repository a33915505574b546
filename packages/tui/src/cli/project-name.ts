// The project name for commands that address a running project (ps, logs, exec): the
// loader's answer when the files load; else the project devd serves from that folder;
// else Compose's rule without the files.

import { basename, dirname } from 'node:path';
import type { DaemonClient } from '@devup/daemon/client';
import type { ProjectRef } from '@devup/daemon/protocol';
import { loadOptionsOf } from './project-ref.js';

export const resolveProjectName = async (ref: ProjectRef, client?: DaemonClient): Promise<string> => {
  const { loadProject, normalizeProjectName } = await import('@devup/schema');
  try {
    const result = await loadProject(loadOptionsOf(ref));
    if (result.ok) return result.project.name;
  } catch {
    // fall through
  }
  const explicit = ref.projectName ?? ref.env['COMPOSE_PROJECT_NAME'];
  if (explicit !== undefined && explicit !== '') return normalizeProjectName(explicit);
  const directory = ref.projectDirectory ?? (ref.files[0] !== undefined ? dirname(ref.files[0]) : ref.cwd);
  if (client !== undefined) {
    const served = await client.projects().catch(() => ({ projects: [] }));
    const match = served.projects.find((project) => project.workingDir === directory);
    if (match !== undefined) return match.projectName;
  }
  return normalizeProjectName(basename(directory));
};
