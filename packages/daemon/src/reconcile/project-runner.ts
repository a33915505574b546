// The facade the daemon's API calls: up, down, stop, start, restart, build, rebuild and
// observe for one project. Each command is observe -> plan (pure) -> execute; this class
// only wires them together and turns progress into RunnerEvents.

import type { Project } from '@devup/schema';
import type { Engine } from '../engine/engine.js';
import { hashBuilds } from '../build/build-hash.js';
import { deriveDesired, type DesiredBuild, type DesiredProject } from './desired.js';
import { executePlan, type StepProgress } from './execute-plan.js';
import { formatPlan, formatPlanStep } from './format-plan.js';
import { devupLabel } from './labels.js';
import { observeProject, type ObservedProject } from './observe.js';
import type { Plan, PlanStep } from './plan.js';
import { PlanBuilder } from './plan.js';
import { type DownOptions, keptOrphans, planDown, planRestart, planStart, planStop } from './plan-lifecycle.js';
import { findOrphans, planReconcile } from './plan-reconcile.js';
import { effectivePullPolicy, type PullPolicy } from './pull-policy.js';
import { selectWithDependencies } from './service-order.js';

export interface RunnerEvent {
  kind: 'plan' | 'progress' | 'build' | 'error';
  serviceName?: string;
  text: string;
  /** For 'progress' and 'error': the step and what happened to it. */
  stepId?: number;
  resource?: string;
  status?: StepProgress['status'];
}

export interface UpOptions {
  services?: string[];
  build?: boolean;
  forceRecreate?: boolean;
  dryRun?: boolean;
  /** Remove containers of services no longer in the config; default false, as Compose. */
  removeOrphans?: boolean;
  /** Never build (`--no-build`). */
  noBuild?: boolean;
  /** Seconds a replaced or removed container gets before the kill (`-t`). */
  timeoutSeconds?: number;
  /** `--pull`: replaces every service's pull_policy. */
  pull?: PullPolicy;
}

export interface UpResult {
  plan: Plan;
  planText: string;
  failed: { resource: string; error: string }[];
  /** Names of the containers of services no longer in the config that were left in place. */
  orphans: string[];
}

export interface ProjectRunnerOptions {
  /** Variables for `environment:`-sourced secrets and configs (default process.env). */
  environment?: Record<string, string | undefined>;
  /** How often health and completion waits look at the engine (default 250 ms). */
  pollIntervalMs?: number;
}

/** A command that ran but some of its steps failed; each failure names its resource. */
export class ReconcileError extends Error {
  override readonly name = 'ReconcileError';
  constructor(
    readonly command: string,
    readonly failed: { resource: string; error: string }[],
  ) {
    super(`${command} failed:\n${failed.map((failure) => `  ${failure.error}`).join('\n')}`);
  }
}

const serviceOf = (step: PlanStep): string | undefined => {
  const operation = step.operation;
  if ('serviceName' in operation) return operation.serviceName;
  if ('container' in operation) return operation.container.serviceName;
  return undefined;
};

export class ProjectRunner {
  private readonly environment: Record<string, string | undefined>;
  private readonly pollIntervalMs: number;

  constructor(
    private readonly engine: Engine,
    private readonly onEvent: (event: RunnerEvent) => void,
    options: ProjectRunnerOptions = {},
  ) {
    this.environment = options.environment ?? process.env;
    this.pollIntervalMs = options.pollIntervalMs ?? 250;
  }

  /** Observe + plan; changes nothing. */
  async planUp(project: Project, options: UpOptions): Promise<Plan> {
    return (await this.observeAndPlan(project, options)).plan;
  }

  /** Observe -> plan -> execute. Orphans are removed only with `removeOrphans`; else they are reported. */
  async up(project: Project, options: UpOptions): Promise<UpResult> {
    const { plan, orphans } = await this.observeAndPlan(project, options);
    const planText = formatPlan(plan);
    this.onEvent({ kind: 'plan', text: planText });
    if (options.dryRun) return { plan, planText, failed: [], orphans };
    const failed = await this.execute(plan);
    return { plan, planText, failed, orphans };
  }

  private async observeAndPlan(project: Project, options: UpOptions): Promise<{ plan: Plan; orphans: string[] }> {
    const desired = deriveDesired(project, { environment: this.environment });
    const imageRefs = Object.values(desired.services).map((service) => service.imageRef);
    const observed = await observeProject(this.engine, project.name, imageRefs);
    const buildHashes = await hashBuilds(this.buildsToHash(desired, observed, options));
    const plan = planReconcile({ desired, observed, buildHashes, options });
    const orphans =
      options.removeOrphans === true ? [] : findOrphans(desired, observed).map((orphan) => orphan.summary.name);
    return { plan, orphans };
  }

  /**
   * Stops (each container's stop signal and grace period, or `timeoutSeconds`) and removes
   * containers, then networks; volumes only when asked. Given the config's `services`,
   * containers of other services are orphans: left in place (with the networks and
   * volumes) unless `removeOrphans`, as Compose does. Returns the names of those left.
   */
  async down(projectName: string, options: DownOptions): Promise<{ orphans: string[] }> {
    const observed = await observeProject(this.engine, projectName);
    const plan = planDown(observed, options);
    await this.executeOrThrow('down', plan);
    return { orphans: keptOrphans(observed, options).map((orphan) => orphan.summary.name) };
  }

  /** `timeoutSeconds` replaces each container's stop grace period (`dev stop -t`). */
  async stop(project: Project, services: string[], options: { timeoutSeconds?: number } = {}): Promise<void> {
    await this.executeOrThrow('stop', planStop(await this.observe(project.name), services, options.timeoutSeconds));
  }

  async start(project: Project, services: string[]): Promise<void> {
    await this.executeOrThrow('start', planStart(await this.observe(project.name), services));
  }

  /**
   * `timeoutSeconds` replaces each container's stop grace period (`dev restart -t`);
   * `noDeps` restarts only the named services, not those that restart with them.
   */
  async restart(
    project: Project,
    services: string[],
    options: { timeoutSeconds?: number; noDeps?: boolean } = {},
  ): Promise<void> {
    await this.executeOrThrow(
      'restart',
      planRestart(await this.observe(project.name), services, options.timeoutSeconds, options.noDeps),
    );
  }

  /**
   * Builds the services' images; an unchanged build input is skipped unless `noCache` or
   * `pull` (which asks the engine for newer base images) is given.
   */
  async build(
    project: Project,
    services: string[],
    options: { noCache?: boolean; pull?: boolean } = {},
  ): Promise<void> {
    const desired = deriveDesired(project, { environment: this.environment });
    const wanted = services.length > 0 ? services : Object.keys(desired.services);
    selectWithDependencies(
      Object.fromEntries(Object.values(desired.services).map((service) => [service.name, service.dependsOn])),
      wanted,
    );
    const builds = Object.fromEntries(
      wanted.flatMap((serviceName) => {
        const build = desired.services[serviceName]?.build;
        return build ? [[serviceName, build] as const] : [];
      }),
    );
    const hashes = await hashBuilds(builds);
    const plan = new PlanBuilder();
    for (const [serviceName, build] of Object.entries(builds)) {
      const image = await this.engine.inspectImage(build.imageRef);
      const hash = hashes[serviceName] ?? '';
      if (!options.noCache && !options.pull && image?.labels[devupLabel.buildHash] === hash) {
        this.onEvent({ kind: 'build', serviceName, text: `${build.imageRef} is up to date (build input unchanged)\n` });
        continue;
      }
      const cause = options.noCache
        ? 'build requested (no cache)'
        : options.pull
          ? 'build requested (pull base images)'
          : image
            ? 'build input changed'
            : 'image missing';
      plan.add(`image:${build.imageRef}`, cause, {
        kind: 'build-image',
        serviceName,
        build,
        buildHash: hash,
        ...(options.noCache ? { noCache: true } : {}),
        ...(options.pull ? { pull: true } : {}),
      });
    }
    await this.executeOrThrow('build', { projectName: project.name, steps: plan.steps });
  }

  /** Rebuild then swap: builds first; only on success recreates the service's containers. */
  async rebuildService(project: Project, serviceName: string): Promise<void> {
    const result = await this.up(project, { services: [serviceName], build: true });
    if (result.failed.length > 0) throw new ReconcileError(`rebuild ${serviceName}`, result.failed);
  }

  async observe(projectName: string): Promise<ObservedProject> {
    return observeProject(this.engine, projectName);
  }

  /** Build inputs to hash: every build when building, else only those whose image is missing. */
  private buildsToHash(
    desired: DesiredProject,
    observed: ObservedProject,
    options: UpOptions,
  ): Record<string, DesiredBuild> {
    return Object.fromEntries(
      Object.values(desired.services).flatMap((service) =>
        service.build &&
        !options.noBuild &&
        (options.build ||
          effectivePullPolicy(options.pull, service.pullPolicy) === 'build' ||
          !observed.images[service.imageRef])
          ? [[service.name, service.build] as const]
          : [],
      ),
    );
  }

  private async execute(plan: Plan): Promise<{ resource: string; error: string }[]> {
    const result = await executePlan(plan, this.engine, {
      pollIntervalMs: this.pollIntervalMs,
      onBuildOutput: (serviceName, text) => this.onEvent({ kind: 'build', serviceName, text }),
      onProgress: ({ step, status, error }) => {
        const serviceName = serviceOf(step);
        this.onEvent({
          kind: status === 'failed' || status === 'skipped' ? 'error' : 'progress',
          ...(serviceName !== undefined ? { serviceName } : {}),
          text: error ?? `${formatPlanStep(step)}: ${status}`,
          stepId: step.id,
          resource: step.resource,
          status,
        });
      },
    });
    return result.failed.map(({ resource, error }) => ({ resource, error }));
  }

  private async executeOrThrow(command: string, plan: Plan): Promise<void> {
    if (plan.steps.length > 0) this.onEvent({ kind: 'plan', text: formatPlan(plan) });
    const failed = await this.execute(plan);
    if (failed.length > 0) throw new ReconcileError(command, failed);
  }
}
