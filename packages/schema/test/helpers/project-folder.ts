// A throwaway project folder written from a { path: text } table, for loader tests.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

export interface ProjectFolder {
  dir: string;
  remove: () => void;
}

export const writeProjectFolder = (files: Record<string, string>, name = 'app'): ProjectFolder => {
  const root = mkdtempSync(join(tmpdir(), 'devup-schema-'));
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
  return { dir, remove: () => rmSync(root, { recursive: true, force: true }) };
};
