// The labels devup puts on everything it creates. Compose's own labels make devup's
// containers visible to `docker compose -p NAME ps` and let a restarted daemon adopt
// them; devup's `dev.devup.*` labels carry what the planner needs beyond Compose's.

import type { Labels } from '../engine/engine.js';

export const composeLabel = {
  project: 'com.docker.compose.project',
  service: 'com.docker.compose.service',
  containerNumber: 'com.docker.compose.container-number',
  configHash: 'com.docker.compose.config-hash',
  oneoff: 'com.docker.compose.oneoff',
  workingDir: 'com.docker.compose.project.working_dir',
  configFiles: 'com.docker.compose.project.config_files',
  version: 'com.docker.compose.version',
  dependsOn: 'com.docker.compose.depends_on',
  network: 'com.docker.compose.network',
  volume: 'com.docker.compose.volume',
} as const;

export const devupLabel = {
  /** Marks a resource devup created. */
  managed: 'dev.devup.managed',
  version: 'dev.devup.version',
  /** JSON object: config key path -> short digest of its value; names what changed. */
  configKeys: 'dev.devup.config-keys',
  /** Content hash of a build's context, Dockerfile, args and target, on built images. */
  buildHash: 'dev.devup.build-hash',
  /** Stop timeout in seconds, so `down` knows it without the project. */
  stopGraceSeconds: 'dev.devup.stop-grace-seconds',
} as const;

export const devupVersion = '0.1.0';

/** Labels selecting every resource of a project. */
export const projectFilter = (projectName: string): Labels => ({ [composeLabel.project]: projectName });

/** Labels every project-level resource (network, volume) carries. */
export const projectResourceLabels = (projectName: string): Labels => ({
  [composeLabel.project]: projectName,
  [composeLabel.version]: devupVersion,
  [devupLabel.managed]: 'true',
  [devupLabel.version]: devupVersion,
});

/** Compose's form of a service's dependencies: "db:service_healthy:false,cache:service_started:true". */
export const formatDependsOnLabel = (dependsOn: Record<string, { condition: string; restart?: boolean }>): string =>
  Object.entries(dependsOn)
    .map(([serviceName, dependency]) => `${serviceName}:${dependency.condition}:${dependency.restart === true}`)
    .join(',');

export const parseDependsOnLabel = (
  value: string | undefined,
): { serviceName: string; condition: string; restart: boolean }[] =>
  (value ?? '')
    .split(',')
    .filter((entry) => entry !== '')
    .map((entry) => {
      const [serviceName = '', condition = 'service_started', restart = 'false'] = entry.split(':');
      return { serviceName, condition, restart: restart === 'true' };
    })
    .filter((dependency) => dependency.serviceName !== '');
