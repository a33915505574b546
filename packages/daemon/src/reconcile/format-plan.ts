// A plan as text, one step a line: what must come first, the step, its resource, its
// operation and its cause. Serves `dev up --dry-run`, the TUI and tests alike:
//   [1] -> #2 service:web:1 recreate-container  config changed: environment.DEBUG

import type { Plan, PlanStep } from './plan.js';

export const formatPlanStep = (step: PlanStep): string =>
  `[${step.after.join(',')}] -> #${step.id} ${step.resource} ${step.operation.kind}  ${step.cause}`;

export const formatPlan = (plan: Plan): string =>
  plan.steps.length === 0
    ? `project ${plan.projectName}: up to date, nothing to do`
    : plan.steps.map(formatPlanStep).join('\n');
