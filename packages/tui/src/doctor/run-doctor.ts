// `dev doctor`: every check, in a fixed order, each given the probes it needs.
import { join } from 'node:path';
import type { ConfigIssue, Project } from '@devup/schema';
import type { CheckResult } from './check-result.js';
import { findConfigFolder } from './config-discovery.js';
import { checkDaemon, type DaemonProbe } from './daemon-check.js';
import { checkDiskSpace, type DiskTarget } from './disk-check.js';
import type { DiskProbe } from './disk-probe.js';
import { checkEngine } from './engine-check.js';
import type { EngineProbe } from './engine-probe.js';
import { checkImages } from './image-check.js';
import type { InotifyProbe } from './inotify-probe.js';
import { type LoadInput, type LoadOutcome, type LoadProjectFn, definedEnv, formatIssue } from './load-outcome.js';
import type { BindProbe } from './port-bind-probe.js';
import { checkPorts } from './port-check.js';
import type { PortHolder } from './proc-sockets.js';
import { publishedHostPorts } from './published-ports.js';
import { findRequiredVariables } from './required-variables.js';
import { checkRequiredVariables, isMissingVariableIssue, missingFromLoaderIssues } from './variable-check.js';
import { checkWatchLimit } from './watch-limit-check.js';
import { type WatchRoot, type WatchTreeCount, watchRootsOf } from './watch-tree-count.js';

export interface DoctorProbes {
  engine: EngineProbe;
  daemon: DaemonProbe;
  disk: DiskProbe;
  inotify: InotifyProbe;
  tryBind: BindProbe;
  findHolders: (hostPort: number, protocol: 'tcp' | 'udp') => Promise<PortHolder[]>;
  readText: (path: string) => Promise<string | undefined>;
  countWatchedFolders: (roots: readonly WatchRoot[]) => Promise<WatchTreeCount>;
  /** Undefined when no loader is available; then only machine checks run. */
  loadProject?: LoadProjectFn;
  /** Whether a configuration file exists from this folder upwards. */
  findConfigFolder?: (cwd: string) => string | undefined;
  platform: NodeJS.Platform;
}

export interface DoctorOptions {
  cwd: string;
  env: Readonly<Record<string, string | undefined>>;
  files?: string[];
  projectName?: string;
  projectDirectory?: string;
  envFiles?: string[];
  profiles?: string[];
}

export interface DoctorReport {
  project?: { name: string; workingDir: string };
  checks: CheckResult[];
}

/** Stands in for unset required variables so the rest of the project can still be checked. */
export const placeholderValue = 'devup-doctor-placeholder';

interface LoadedForDoctor {
  config: CheckResult;
  variables?: CheckResult;
  project?: Project;
  /** True when the project was loaded with placeholders for unset variables. */
  withPlaceholders: boolean;
}

const loadInputOf = (options: DoctorOptions, env: Record<string, string>): LoadInput => ({
  cwd: options.cwd,
  env,
  ...(options.files === undefined || options.files.length === 0 ? {} : { files: options.files }),
  ...(options.projectName === undefined ? {} : { projectName: options.projectName }),
  ...(options.projectDirectory === undefined ? {} : { projectDirectory: options.projectDirectory }),
  ...(options.envFiles === undefined || options.envFiles.length === 0 ? {} : { envFiles: options.envFiles }),
  ...(options.profiles === undefined || options.profiles.length === 0 ? {} : { profiles: options.profiles }),
});

const configCheck = (status: CheckResult['status'], detail: string, fix?: string): CheckResult => ({
  id: 'config',
  title: 'Configuration',
  status,
  detail,
  ...(fix === undefined ? {} : { fix }),
});

const describeProject = (project: Project, warnings: readonly ConfigIssue[]): string => {
  const services = Object.keys(project.services).length;
  const files = project.config_files.map((file) => file.replace(`${project.working_dir}/`, '')).join(', ');
  const warningLines = warnings.map(formatIssue);
  return [`project ${project.name}: ${services} service(s) from ${files}`, ...warningLines].join('\n');
};

const loadForDoctor = async (options: DoctorOptions, probes: DoctorProbes): Promise<LoadedForDoctor> => {
  const hasFiles = options.files !== undefined && options.files.length > 0;
  const configFolder = hasFiles ? options.cwd : (probes.findConfigFolder ?? findConfigFolder)(options.cwd);
  if (configFolder === undefined) {
    return {
      config: configCheck(
        'warn',
        `no dev.yaml or compose file in ${options.cwd} or its parents; only machine checks ran`,
        'run `dev doctor` in your project folder, or name the files with -f.',
      ),
      withPlaceholders: false,
    };
  }
  if (probes.loadProject === undefined) {
    return {
      config: configCheck('warn', 'the configuration loader is not available; project checks skipped'),
      withPlaceholders: false,
    };
  }
  const env = definedEnv(options.env);
  const envFile = join(options.projectDirectory ?? configFolder, '.env');
  const loadProject = probes.loadProject;
  const load = async (loadEnv: Record<string, string>): Promise<LoadOutcome | Error> => {
    try {
      return await loadProject(loadInputOf(options, loadEnv));
    } catch (error) {
      return error instanceof Error ? error : new Error(String(error));
    }
  };
  const outcome = await load(env);
  if (outcome instanceof Error) {
    return {
      config: configCheck('fail', `loading the configuration failed: ${outcome.message}`),
      withPlaceholders: false,
    };
  }
  if (outcome.ok) {
    return {
      config: configCheck('ok', describeProject(outcome.project, outcome.warnings ?? [])),
      variables: checkRequiredVariables({
        missing: [],
        envFile,
        requiredCount: await countRequiredVariables(outcome.project.config_files, probes.readText),
      }),
      project: outcome.project,
      withPlaceholders: false,
    };
  }
  const missing = missingFromLoaderIssues(outcome.issues);
  const variables = checkRequiredVariables({ missing, envFile });
  const otherErrors = outcome.issues.filter((issue) => issue.severity === 'error' && !isMissingVariableIssue(issue));
  if (otherErrors.length > 0) {
    return {
      config: configCheck(
        'fail',
        outcome.issues
          .filter((issue) => !isMissingVariableIssue(issue))
          .map(formatIssue)
          .join('\n'),
        'fix the configuration at the places above (`dev config` shows the same list).',
      ),
      variables,
      withPlaceholders: false,
    };
  }
  // Only required variables are missing: load again with placeholders to check the rest.
  const placeholders = Object.fromEntries(missing.map((variable) => [variable.name, placeholderValue]));
  const retry = await load({ ...env, ...placeholders });
  return {
    config: configCheck('ok', 'valid apart from the unset required variables below'),
    variables,
    ...(!(retry instanceof Error) && retry.ok ? { project: retry.project } : {}),
    withPlaceholders: true,
  };
};

const countRequiredVariables = async (
  files: readonly string[],
  readText: (path: string) => Promise<string | undefined>,
): Promise<number> => {
  const names = new Set<string>();
  for (const file of files) {
    for (const variable of findRequiredVariables((await readText(file)) ?? '', file)) names.add(variable.name);
  }
  return names.size;
};

/** An engine probe that does not wait on an engine already known to be down. */
const reachableOnly = (engine: EngineProbe, reachable: boolean) => ({
  hasImage: async (reference: string) => (reachable ? engine.hasImage(reference).catch(() => undefined) : undefined),
  publishedPorts: async () => (reachable ? engine.publishedPorts().catch(() => undefined) : undefined),
  dataRoot: async () => (reachable ? engine.dataRoot().catch(() => undefined) : undefined),
});

const skipped = (id: string, title: string, why: string): CheckResult => ({
  id,
  title,
  status: 'warn',
  detail: `skipped: ${why}`,
});

export const runDoctor = async (options: DoctorOptions, probes: DoctorProbes): Promise<DoctorReport> => {
  const engineStatus = await probes.engine.status();
  const engine = reachableOnly(probes.engine, engineStatus.reachable);
  const checks: CheckResult[] = [checkEngine(engineStatus), checkDaemon(await probes.daemon())];

  const loaded = await loadForDoctor(options, probes);
  checks.push(loaded.config);
  if (loaded.variables !== undefined) checks.push(loaded.variables);
  const project = loaded.project;
  const noProject = loaded.variables === undefined ? undefined : 'the configuration does not load';

  if (project !== undefined) {
    checks.push(
      await checkPorts(project.name, publishedHostPorts(project), {
        tryBind: probes.tryBind,
        findHolders: probes.findHolders,
        containerPorts: engine.publishedPorts,
      }),
    );
    checks.push(
      !engineStatus.reachable
        ? skipped('images', 'Images', 'the engine is not reachable')
        : loaded.withPlaceholders
          ? skipped('images', 'Images', 'image names depend on the unset required variables')
          : await checkImages(project, { hasImage: engine.hasImage, readText: probes.readText }),
    );
    const roots = watchRootsOf(project);
    checks.push(
      checkWatchLimit({
        limits: await probes.inotify(),
        count: await probes.countWatchedFolders(roots),
        rules: roots.length,
        platform: probes.platform,
      }),
    );
  } else if (noProject !== undefined) {
    checks.push(
      skipped('ports', 'Host ports', noProject),
      skipped('images', 'Images', noProject),
      skipped('watch-limit', 'File-watch limit', noProject),
    );
  }

  const dataRoot = await engine.dataRoot();
  const diskTargets: DiskTarget[] = [
    ...(dataRoot === undefined ? [] : [{ label: 'Docker data root', path: dataRoot }]),
    { label: 'project folder', path: project?.working_dir ?? options.cwd },
  ];
  checks.push(await checkDiskSpace(diskTargets, probes.disk));

  return {
    ...(project === undefined ? {} : { project: { name: project.name, workingDir: project.working_dir } }),
    checks,
  };
};
