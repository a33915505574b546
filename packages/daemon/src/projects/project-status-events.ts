// What the project service tells the status store about a project: the services a loaded
// config defines (with their healthchecks and drift from production), a registered project
// whose config did not load, and the status answered before the store knows the project.

import type { ConfigIssue, Project } from '@devup/schema';
import type { ProjectRef, ProjectStatus } from '../protocol/messages.js';
import type { StatusEvent } from '../status/status-events.js';

type ProjectLoaded = Extract<StatusEvent, { kind: 'project-loaded' }>;

/** `driftingServices`: the services that drift from production as of the last whole load. */
export function projectLoadedEvent(
  project: Project,
  driftingServices: ReadonlySet<string> | undefined,
  configIssues: ConfigIssue[],
): ProjectLoaded {
  return {
    kind: 'project-loaded',
    projectName: project.name,
    workingDir: project.working_dir,
    configFiles: project.config_files,
    services: Object.values(project.services).map((service) => ({
      serviceName: service.name,
      hasHealthcheck:
        service.healthcheck !== undefined &&
        service.healthcheck.disable !== true &&
        (service.healthcheck.test?.[0] ?? 'NONE') !== 'NONE',
      ...(driftingServices?.has(service.name) === true ? { drift: true } : {}),
    })),
    configIssues,
  };
}

/** A registered project whose config did not load: no services of its own, its config's issues. */
export function unloadedProjectEvent(projectName: string, ref: ProjectRef, configIssues: ConfigIssue[]): ProjectLoaded {
  return {
    kind: 'project-loaded',
    projectName,
    workingDir: ref.projectDirectory ?? ref.cwd,
    configFiles: ref.files,
    services: [],
    configIssues,
  };
}

export function emptyProjectStatus(projectName: string): ProjectStatus {
  return { projectName, workingDir: '', configFiles: [], services: [], configIssues: [] };
}
