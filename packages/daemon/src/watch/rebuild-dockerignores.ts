// The .dockerignore of each service with a `rebuild` rule and a build context
// (`<Dockerfile>.dockerignore` first, as BuildKit does), compiled; undefined when absent.

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Project } from '@devup/schema';
import { compilePatterns, type PathMatcher } from './ignore-patterns.js';

export async function loadRebuildDockerignores(project: Project): Promise<Record<string, PathMatcher | undefined>> {
  const found: Record<string, PathMatcher | undefined> = {};
  for (const service of Object.values(project.services)) {
    if (!service.build || !(service.develop?.watch ?? []).some((rule) => rule.action === 'rebuild')) continue;
    const candidates = [
      join(service.build.context, `${service.build.dockerfile}.dockerignore`),
      join(service.build.context, '.dockerignore'),
    ];
    found[service.name] = undefined;
    for (const file of candidates) {
      try {
        found[service.name] = compilePatterns((await readFile(file, 'utf8')).split('\n'), 'dockerignore');
        break;
      } catch {
        // not there: the next candidate
      }
    }
  }
  return found;
}
