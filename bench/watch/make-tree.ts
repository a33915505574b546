// Creates a synthetic source tree: `fileCount` files spread over folders of `perFolder`
// files, nested two levels deep like a typical repository.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function makeTree(root: string, fileCount: number, perFolder = 25): { folders: number } {
  let folders = 0;
  for (let index = 0; index < fileCount; index += 1) {
    const folderIndex = Math.floor(index / perFolder);
    const folder = join(root, `pkg${Math.floor(folderIndex / 40)}`, `mod${folderIndex % 40}`);
    if (index % perFolder === 0) {
      mkdirSync(folder, { recursive: true });
      folders += 1;
    }
    writeFileSync(join(folder, `file${index}.py`), `value = ${index}\n`);
  }
  return { folders };
}
