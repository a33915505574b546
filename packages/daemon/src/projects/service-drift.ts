// Which services drift from the production definition (see `dev parity`): the files named
// under x-dev.production, loaded alone with the same options, against the project devup
// runs. The status marks those services; a production definition that does not load marks
// nothing (`dev parity` reports why).

import { compareParity, type Project } from '@devup/schema';
import type { LoadOptions, LoadProject } from './project-ports.js';

/** The services with at least one difference classed as drift. Pure. */
export const driftingServices = (production: Project, effective: Project): Set<string> =>
  new Set(
    compareParity(production, effective).flatMap((difference) =>
      difference.class === 'drift' && difference.service !== undefined ? [difference.service] : [],
    ),
  );

/** Production files of a project; a project built without the loader may have no `dev`. */
const productionFilesOf = (project: Project): string[] => (project.dev as Project['dev'] | undefined)?.production ?? [];

/**
 * Loads the production definition the way `dev parity` does (same environment, folder,
 * name and profiles) and compares. Empty when the project names no production files.
 */
export const loadServiceDrift = async (
  loadProject: LoadProject,
  options: LoadOptions,
  effective: Project,
): Promise<Set<string>> => {
  const files = productionFilesOf(effective);
  if (files.length === 0) return new Set();
  const { services: _selected, ...rest } = options;
  const production = await loadProject({
    ...rest,
    files,
    projectName: effective.name,
    projectDirectory: effective.working_dir,
  }).catch(() => undefined);
  if (production?.ok !== true) return new Set();
  return driftingServices(production.project, effective);
};
