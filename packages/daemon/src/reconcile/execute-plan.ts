// The executor: walks the plan's DAG and runs each step once the steps it comes after
// have succeeded. Independent steps run in parallel. It makes no decisions; a step whose
// prerequisite failed is not run and fails with the reason.

import type { Engine } from '../engine/engine.js';
import { describeEngineFailure } from '../engine/engine-errors.js';
import type { Plan, PlanStep } from './plan.js';
import { runOperation } from './run-operation.js';

export type StepStatus = 'started' | 'done' | 'failed' | 'skipped';

export interface StepProgress {
  step: PlanStep;
  status: StepStatus;
  /** For failed and skipped steps: what went wrong. */
  error?: string;
}

export interface ExecuteOptions {
  onProgress?: (progress: StepProgress) => void;
  onBuildOutput?: (serviceName: string, text: string) => void;
  /** How often waits (healthy, completed) look at the engine; default 250 ms. */
  pollIntervalMs?: number;
  signal?: AbortSignal;
}

export interface ExecutionResult {
  failed: { stepId: number; resource: string; error: string }[];
}

export const describeStep = (step: PlanStep): string => `${step.operation.kind} ${step.resource}`;

export const executePlan = async (
  plan: Plan,
  engine: Engine,
  options: ExecuteOptions = {},
): Promise<ExecutionResult> => {
  const onProgress = options.onProgress ?? (() => undefined);
  const context = {
    engine,
    pollIntervalMs: options.pollIntervalMs ?? 250,
    ...(options.signal ? { signal: options.signal } : {}),
    onBuildOutput: options.onBuildOutput ?? (() => undefined),
  };
  const failed: ExecutionResult['failed'] = [];
  const outcomes = new Map<number, Promise<boolean>>();
  /** Why a dependency wait failed, by step: its dependents fail with the same reason. */
  const dependencyFailures = new Map<number, string>();

  const run = async (step: PlanStep): Promise<boolean> => {
    const prerequisites = await Promise.all(
      step.after.map(async (id) => ({ id, ok: await (outcomes.get(id) ?? Promise.resolve(true)) })),
    );
    const blocker = prerequisites.find((prerequisite) => !prerequisite.ok);
    if (blocker) {
      const blockingStep = plan.steps.find((candidate) => candidate.id === blocker.id);
      const error =
        dependencyFailures.get(blocker.id) ??
        `not run: ${blockingStep ? describeStep(blockingStep) : `step #${blocker.id}`} failed`;
      failed.push({ stepId: step.id, resource: step.resource, error });
      onProgress({ step, status: 'skipped', error });
      return false;
    }
    onProgress({ step, status: 'started' });
    try {
      await runOperation(step.operation, context);
      onProgress({ step, status: 'done' });
      return true;
    } catch (caught) {
      const reason = describeEngineFailure(caught);
      const error = `${describeStep(step)} failed: ${reason}`;
      const kind = step.operation.kind;
      if ((kind === 'await-healthy' || kind === 'await-completed') && reason !== 'cancelled')
        dependencyFailures.set(step.id, reason);
      failed.push({ stepId: step.id, resource: step.resource, error });
      onProgress({ step, status: 'failed', error });
      return false;
    }
  };

  for (const step of plan.steps) outcomes.set(step.id, run(step));
  await Promise.all(outcomes.values());
  failed.sort((a, b) => a.stepId - b.stepId);
  return { failed };
};
