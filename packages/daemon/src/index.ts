export type * from './engine/engine.js';
export { DockerEngine, type DockerEngineOptions } from './engine/docker-engine.js';
export { FakeEngine } from './engine/fake-engine.js';
export { EngineOperationError, EngineUnavailableError, describeEngineFailure } from './engine/engine-errors.js';
export {
  ProjectRunner,
  ReconcileError,
  type RunnerEvent,
  type UpOptions,
  type UpResult,
  type ProjectRunnerOptions,
} from './reconcile/project-runner.js';
export type { Plan, PlanStep, Operation, OperationKind } from './reconcile/plan.js';
export type { ObservedProject, ObservedContainer } from './reconcile/observe.js';
export { formatPlan, formatPlanStep } from './reconcile/format-plan.js';
export { composeLabel, devupLabel, projectFilter } from './reconcile/labels.js';
export { PlanError } from './reconcile/service-order.js';
