// The project name Compose would pick without loading the files: -p, COMPOSE_PROJECT_NAME,
// else the project folder's name, lowercased with characters Compose refuses removed.

import { basename, resolve } from 'node:path';
import type { ProjectRef } from '../protocol/messages.js';

export const normalizeProjectName = (raw: string): string =>
  raw
    .toLowerCase()
    .replace(/[^a-z0-9_-]/g, '')
    .replace(/^[^a-z0-9]+/, '');

export const fallbackProjectName = (ref: ProjectRef): string => {
  const explicit = ref.projectName ?? ref.env['COMPOSE_PROJECT_NAME'];
  if (explicit !== undefined && explicit !== '') return normalizeProjectName(explicit);
  const directory =
    ref.projectDirectory ?? (ref.files[0] !== undefined ? resolve(ref.cwd, ref.files[0], '..') : ref.cwd);
  return normalizeProjectName(basename(resolve(ref.cwd, directory)));
};
