// What devd remembers beyond Docker's labels: the registered projects (with the options
// to load them again) and whether each is watched. Written atomically (temp file, fsync,
// rename); a corrupt file is read as far as possible and what was dropped is reported.

import { closeSync, fsyncSync, mkdirSync, openSync, readFileSync, renameSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ProjectRef } from '../protocol/messages.js';
import { validateProjectRef } from '../api/validate-values.js';

export const STATE_FILE_VERSION = 1;

export interface RegisteredProject {
  projectName: string;
  ref: ProjectRef;
  watch: boolean;
  registeredAt: string;
}

export interface DaemonState {
  version: number;
  projects: Record<string, RegisteredProject>;
}

export const emptyDaemonState = (): DaemonState => ({ version: STATE_FILE_VERSION, projects: {} });

export interface ReadStateResult {
  state: DaemonState;
  /** Human-readable notes on what could not be kept. Empty when the file was fine or absent. */
  dropped: string[];
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const parseDaemonState = (text: string): ReadStateResult => {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    return { state: emptyDaemonState(), dropped: [`the whole file: not JSON (${(error as Error).message})`] };
  }
  if (!isRecord(raw) || !isRecord(raw['projects'])) {
    return { state: emptyDaemonState(), dropped: ['the whole file: no "projects" object'] };
  }
  const dropped: string[] = [];
  const state = emptyDaemonState();
  for (const [projectName, entry] of Object.entries(raw['projects'])) {
    if (!isRecord(entry)) {
      dropped.push(`project "${projectName}": not an object`);
      continue;
    }
    const refProblem = validateProjectRef(entry['ref']);
    if (refProblem !== undefined) {
      dropped.push(`project "${projectName}": ${refProblem}`);
      continue;
    }
    state.projects[projectName] = {
      projectName,
      ref: entry['ref'] as ProjectRef,
      watch: entry['watch'] === true,
      registeredAt: typeof entry['registeredAt'] === 'string' ? entry['registeredAt'] : new Date(0).toISOString(),
    };
  }
  return { state, dropped };
};

export const readStateFile = (filePath: string): ReadStateResult => {
  let text: string;
  try {
    text = readFileSync(filePath, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { state: emptyDaemonState(), dropped: [] };
    return { state: emptyDaemonState(), dropped: [`the whole file: unreadable (${(error as Error).message})`] };
  }
  return parseDaemonState(text);
};

/** Replaces the file in one step: a reader sees the old content or the new, never a mix. */
export const writeFileAtomic = (filePath: string, content: string): void => {
  mkdirSync(dirname(filePath), { recursive: true, mode: 0o700 });
  const tempPath = `${filePath}.${process.pid}.tmp`;
  const fd = openSync(tempPath, 'w', 0o600);
  try {
    try {
      writeSync(fd, content);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tempPath, filePath);
  } catch (error) {
    // A full disk must not also leave a half-written temporary file behind.
    rmSync(tempPath, { force: true });
    throw error;
  }
  try {
    const dirFd = openSync(dirname(filePath), 'r');
    fsyncSync(dirFd);
    closeSync(dirFd);
  } catch {
    // Some file systems refuse fsync on a directory; the rename is still atomic.
  }
};

export const writeStateFile = (filePath: string, state: DaemonState): void => {
  writeFileAtomic(filePath, `${JSON.stringify(state, null, 2)}\n`);
};
