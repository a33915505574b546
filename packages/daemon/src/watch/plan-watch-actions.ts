// Pure planning: changed host paths x a project's watch rules -> what to do per service.
//
// Meaning of the actions (Docker Compose's `develop.watch`):
//   sync          copy changed files (and remove deleted ones) into the container target
//   sync+restart  sync, then restart the container
//   sync+exec     sync, then run the rule's command in the container
//   restart       restart the container, nothing copied
//   rebuild       build the image, then replace the container; a rebuild makes the
//                 service's syncs and restarts of the same batch moot
// devup's additions (service `x-dev`):
//   reload        after a sync under the recipe's path (default: any sync rule's path),
//                 run a command or send a signal instead of restarting; on a
//                 `sync+restart` rule the recipe replaces the restart
//   restart_on    a change under one of these host folders restarts the service
// A path matches every rule whose folder holds it, unless the rule ignores it (or has an
// `include` list the path is not on); editors' temporary files and VCS folders never
// match. For rebuild rules, paths the build context's .dockerignore excludes do not
// trigger a rebuild (the Dockerfile and .dockerignore always do).

import { basename, join } from 'node:path';
import type { Project, ReloadRecipe, Service, WatchRule } from '@devup/schema';
import { relativeInside } from '../sync/safe-paths.js';
import { compilePatterns, isEditorTempFile, isInVcsFolder, type PathMatcher } from './ignore-patterns.js';

export interface SyncEntry {
  /** Absolute host path that changed (a file, a folder, or a path now gone). */
  hostPath: string;
  /** The rule's host folder (or file). */
  hostRoot: string;
  /** The rule's container target for `hostRoot`. */
  target: string;
  /** POSIX path of `hostPath` below `hostRoot` ("" for the root itself). */
  relativeName: string;
  /** The rule's patterns, applied again when a folder is walked. */
  ignore: string[];
  include: string[];
}

export type FollowUp =
  | { kind: 'restart' }
  | {
      kind: 'exec';
      origin: 'sync+exec' | 'reload';
      command: string[];
      user?: string;
      workingDir?: string;
      env?: string[];
      privileged?: boolean;
    }
  | { kind: 'signal'; signal: string };

export interface ServiceWatchPlan {
  serviceName: string;
  rebuild: boolean;
  syncs: SyncEntry[];
  followUps: FollowUp[];
  /** Why, e.g. "sync+restart ./src: app.py (+2 more)". */
  causes: string[];
}

export interface PlanWatchOptions {
  /** Compiled .dockerignore per service with a build context. */
  dockerignore?: Record<string, PathMatcher | undefined>;
}

export function planWatchActions(
  project: Project,
  changedPaths: readonly string[],
  options: PlanWatchOptions = {},
): ServiceWatchPlan[] {
  const plans: ServiceWatchPlan[] = [];
  const relevant = changedPaths.filter((path) => !isEditorTempFile(basename(path)));
  for (const service of Object.values(project.services)) {
    const builder = new ServicePlanBuilder(service, project.working_dir);
    for (const [ruleIndex, rule] of (service.develop?.watch ?? []).entries()) {
      const matched = relevant.filter((path) => ruleMatches(rule, path, service, options));
      if (matched.length > 0) builder.addRule(ruleIndex, rule, matched);
    }
    for (const folder of service.dev.restart_on) {
      const matched = relevant.filter((path) => {
        const rel = relativeInside(folder, path);
        return rel !== undefined && !isInVcsFolder(rel);
      });
      if (matched.length > 0) builder.addRestartOn(folder, matched);
    }
    const plan = builder.finish();
    if (plan) plans.push(plan);
  }
  return plans;
}

/** Syncs every `initial_sync` rule's whole folder (Compose: before watching begins). */
export function planInitialSync(project: Project): ServiceWatchPlan[] {
  const plans: ServiceWatchPlan[] = [];
  for (const service of Object.values(project.services)) {
    const builder = new ServicePlanBuilder(service, project.working_dir);
    for (const [ruleIndex, rule] of (service.develop?.watch ?? []).entries()) {
      if (rule.initial_sync && isSyncAction(rule) && rule.target)
        builder.addRule(ruleIndex, { ...rule, action: 'sync' }, [rule.path], 'initial sync');
    }
    const plan = builder.finish();
    if (plan) plans.push(plan);
  }
  return plans;
}

export function formatWatchPlans(plans: readonly ServiceWatchPlan[]): string {
  return plans
    .map((plan) => {
      const steps: string[] = [];
      if (plan.rebuild) steps.push('rebuild');
      if (plan.syncs.length > 0) steps.push(`sync ${plan.syncs.length} path${plan.syncs.length === 1 ? '' : 's'}`);
      for (const followUp of plan.followUps) steps.push(formatFollowUp(followUp));
      return `${plan.serviceName}: ${steps.join(', ')}  (${plan.causes.join('; ')})`;
    })
    .join('\n');
}

export function formatFollowUp(followUp: FollowUp): string {
  switch (followUp.kind) {
    case 'restart':
      return 'restart';
    case 'exec':
      return `${followUp.origin === 'reload' ? 'reload' : 'exec'} ${followUp.command.join(' ')}`;
    case 'signal':
      return `reload ${followUp.signal}`;
  }
}

function isSyncAction(rule: WatchRule): boolean {
  return rule.action === 'sync' || rule.action === 'sync+restart' || rule.action === 'sync+exec';
}

const matcherCache = new Map<string, PathMatcher>();
function matcherFor(patterns: readonly string[]): PathMatcher {
  const key = patterns.join('\0');
  let matcher = matcherCache.get(key);
  if (!matcher) {
    matcher = compilePatterns(patterns);
    matcherCache.set(key, matcher);
  }
  return matcher;
}

/** Whether a rule applies to a host path (pattern checks relative to the rule's path). */
export function ruleMatches(
  rule: WatchRule,
  hostPath: string,
  service?: Service,
  options: PlanWatchOptions = {},
): boolean {
  const rel = relativeInside(rule.path, hostPath);
  if (rel === undefined) return false;
  if (rel !== '') {
    if (isInVcsFolder(rel)) return false;
    if (rule.include.length > 0 && !matcherFor(rule.include).matches(rel)) return false;
    if (rule.ignore.length > 0 && matcherFor(rule.ignore).matches(rel)) return false;
  }
  if (rule.action === 'rebuild' && service?.build) {
    const contextRel = relativeInside(service.build.context, hostPath);
    const dockerignore = options.dockerignore?.[service.name];
    if (contextRel !== undefined && contextRel !== '' && dockerignore?.matches(contextRel)) {
      const dockerfile = join(service.build.context, service.build.dockerfile);
      const alwaysSent =
        hostPath === dockerfile || contextRel === '.dockerignore' || hostPath === `${dockerfile}.dockerignore`;
      if (!alwaysSent) return false;
    }
  }
  return true;
}

class ServicePlanBuilder {
  private rebuild = false;
  private restart = false;
  private readonly syncs = new Map<string, SyncEntry>();
  private readonly execs = new Map<number, FollowUp>();
  private readonly reloads = new Map<number, FollowUp>();
  private readonly causes: string[] = [];

  constructor(
    private readonly service: Service,
    private readonly workingDir: string,
  ) {}

  addRule(ruleIndex: number, rule: WatchRule, paths: string[], label: string = rule.action): void {
    this.causes.push(`${label} ${this.display(rule.path)}: ${describePaths(rule.path, paths)}`);
    if (rule.action === 'rebuild') {
      this.rebuild = true;
      return;
    }
    if (rule.action === 'restart') {
      this.restart = true;
      return;
    }
    if (!rule.target) return;
    for (const hostPath of paths) {
      const relativeName = relativeInside(rule.path, hostPath) ?? '';
      const key = `${rule.target}\0${relativeName}`;
      if (!this.syncs.has(key)) {
        this.syncs.set(key, {
          hostPath,
          hostRoot: rule.path,
          target: rule.target,
          relativeName,
          ignore: rule.ignore,
          include: rule.include,
        });
      }
    }
    const recipes = this.recipesFor(rule, paths);
    if (rule.action === 'sync+exec' && rule.exec) {
      this.execs.set(ruleIndex, {
        kind: 'exec',
        origin: 'sync+exec',
        command: rule.exec.command,
        user: rule.exec.user,
        workingDir: rule.exec.working_dir,
        env: rule.exec.environment
          ? Object.entries(rule.exec.environment).map(([key, value]) => `${key}=${value}`)
          : undefined,
        privileged: rule.exec.privileged,
      });
    }
    if (rule.action === 'sync+restart' && recipes.length === 0) this.restart = true;
    for (const [recipeIndex, recipe] of recipes) this.reloads.set(recipeIndex, recipeFollowUp(recipe));
  }

  addRestartOn(folder: string, paths: string[]): void {
    this.restart = true;
    this.causes.push(`restart_on ${this.display(folder)}: ${describePaths(folder, paths)}`);
  }

  finish(): ServiceWatchPlan | undefined {
    if (this.causes.length === 0) return undefined;
    const base = { serviceName: this.service.name, causes: this.causes };
    if (this.rebuild) return { ...base, rebuild: true, syncs: [], followUps: [] };
    const followUps: FollowUp[] = [];
    if (this.restart) followUps.push({ kind: 'restart' });
    followUps.push(...this.execs.values());
    if (!this.restart) followUps.push(...this.reloads.values());
    return { ...base, rebuild: false, syncs: [...this.syncs.values()], followUps };
  }

  private recipesFor(rule: WatchRule, paths: string[]): [number, ReloadRecipe][] {
    if (rule.action === 'sync+exec') return [];
    return [...this.service.dev.reload.entries()].filter(([, recipe]) => {
      const folder = recipe.path ?? rule.path;
      return paths.some((path) => relativeInside(folder, path) !== undefined);
    });
  }

  private display(path: string): string {
    const rel = relativeInside(this.workingDir, path);
    return rel === undefined ? path : rel === '' ? '.' : `./${rel}`;
  }
}

function recipeFollowUp(recipe: ReloadRecipe): FollowUp {
  if ('signal' in recipe) return { kind: 'signal', signal: recipe.signal };
  return { kind: 'exec', origin: 'reload', command: recipe.exec, user: recipe.user };
}

function describePaths(root: string, paths: string[]): string {
  const first = relativeInside(root, paths[0]!) || basename(paths[0]!);
  return paths.length === 1 ? first : `${first} (+${paths.length - 1} more)`;
}
