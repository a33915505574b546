// The checks `dev up` runs before it changes anything: every published host port free (or
// held by this project's own containers) and every required variable set. A failure here
// stops `dev up` with the doctor's message instead of a half-started stack.
import { join } from 'node:path';
import { type Project, parseDotenv } from '@devup/schema';
import type { CheckResult } from './check-result.js';
import { readTextOrUndefined } from './doctor-probes.js';
import { createEngineProbe } from './engine-probe.js';
import { tryBind } from './port-bind-probe.js';
import { type PortProbes, checkPorts } from './port-check.js';
import { findPortHolders } from './proc-sockets.js';
import { publishedHostPorts } from './published-ports.js';
import { findRequiredVariables, unsetRequiredVariables } from './required-variables.js';
import { checkRequiredVariables } from './variable-check.js';

export interface PreflightProbes {
  ports: PortProbes;
  readText: (path: string) => Promise<string | undefined>;
}

export interface PreflightOptions {
  /** Env files the project was loaded with; default: `.env` in the project folder. */
  envFiles?: string[];
  probes?: PreflightProbes;
}

const realPreflightProbes = (env: Readonly<Record<string, string | undefined>>): PreflightProbes => {
  const engine = createEngineProbe(env, 3_000);
  return {
    ports: {
      tryBind,
      findHolders: (hostPort, protocol) => findPortHolders(hostPort, protocol),
      containerPorts: async () => engine.publishedPorts().catch(() => undefined),
    },
    readText: readTextOrUndefined,
  };
};

const relativeTo = (workingDir: string, file: string): string =>
  file.startsWith(`${workingDir}/`) ? file.slice(workingDir.length + 1) : file;

export const checkProjectVariables = async (
  project: Project,
  env: Readonly<Record<string, string | undefined>>,
  readText: (path: string) => Promise<string | undefined>,
  envFiles: readonly string[],
): Promise<CheckResult> => {
  const values: Record<string, string | undefined> = {};
  for (const file of envFiles) {
    const parsed = parseDotenv((await readText(file)) ?? '', (name) => env[name] ?? values[name]);
    Object.assign(values, parsed.values);
  }
  Object.assign(values, env);
  const required = [];
  for (const file of project.config_files) {
    required.push(...findRequiredVariables((await readText(file)) ?? '', relativeTo(project.working_dir, file)));
  }
  const missing = unsetRequiredVariables(required, values);
  return checkRequiredVariables({
    missing,
    envFile: envFiles[0] ?? join(project.working_dir, '.env'),
    requiredCount: required.length,
  });
};

/** The port and variable checks, as `dev up` runs them before contacting the daemon. */
export const runPreflight = async (
  project: Project,
  env: Readonly<Record<string, string | undefined>>,
  options: PreflightOptions = {},
): Promise<CheckResult[]> => {
  const probes = options.probes ?? realPreflightProbes(env);
  const envFiles = options.envFiles ?? [join(project.working_dir, '.env')];
  return [
    await checkPorts(project.name, publishedHostPorts(project), probes.ports),
    await checkProjectVariables(project, env, probes.readText, envFiles),
  ];
};
