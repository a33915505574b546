import { describe, expect, test } from 'vitest';
import type { Project, Service, WatchRule } from '@devup/schema';
import { planWatchRoots } from './watch-roots.js';

const rule = (path: string): WatchRule => ({ action: 'sync', path, target: '/app', ignore: [], include: [] });

function project(services: { watch: string[]; restartOn?: string[] }[]): Project {
  const entries = services.map(
    ({ watch, restartOn = [] }, index) =>
      [
        `s${index}`,
        {
          name: `s${index}`,
          develop: { watch: watch.map(rule) },
          dev: { reload: [], restart_on: restartOn },
        } as unknown as Service,
      ] as const,
  );
  return { name: 'p', working_dir: '/p', services: Object.fromEntries(entries) } as unknown as Project;
}

const folders = new Set(['/p', '/p/src', '/p/src/pkg', '/p/lib', '/p/web']);
const isFolder = (path: string) => folders.has(path);

describe('planWatchRoots', () => {
  test.each([
    ['one folder', [{ watch: ['/p/src'] }], [{ path: '/p/src' }]],
    [
      'nested folders collapse to the outer one',
      [{ watch: ['/p/src/pkg'] }, { watch: ['/p/src'] }],
      [{ path: '/p/src' }],
    ],
    ['a file rule watches its folder, depth 0', [{ watch: ['/p/Dockerfile'] }], [{ path: '/p', depth: 0 }]],
    [
      'a file inside a watched tree adds nothing',
      [{ watch: ['/p/src/requirements.txt', '/p/src'] }],
      [{ path: '/p/src' }],
    ],
    [
      'restart_on folders are watched',
      [{ watch: ['/p/web'], restartOn: ['/p/lib'] }],
      [{ path: '/p/lib' }, { path: '/p/web' }],
    ],
    ['the same folder twice is one root', [{ watch: ['/p/src'] }, { watch: ['/p/src'] }], [{ path: '/p/src' }]],
  ])('%s', (_name, services, expected) => {
    expect(planWatchRoots(project(services), isFolder)).toEqual(expected);
  });
});
