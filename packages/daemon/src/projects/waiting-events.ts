// Turns the runner's "await db healthy" steps into what the dependents experience:
// "waiting on db: healthy" for each service that depends on db with that condition,
// and a clearing event once the wait is over.

import type { Project } from '@devup/schema';
import type { RunnerEvent } from './project-ports.js';

const CONDITION_OF: Record<string, { condition: string; words: string }> = {
  'await-healthy': { condition: 'service_healthy', words: 'healthy' },
  'await-completed': { condition: 'service_completed_successfully', words: 'completed successfully' },
};

export const waitingEventsFor = (event: RunnerEvent, project: Project | undefined): RunnerEvent[] => {
  if (project === undefined || event.serviceName === undefined || (event.kind !== 'progress' && event.kind !== 'error'))
    return [];
  const match = /\b(await-healthy|await-completed)\b/.exec(event.text);
  const kind = match?.[1];
  if (kind === undefined) return [];
  const spec = CONDITION_OF[kind];
  if (spec === undefined) return [];
  const dependency = event.serviceName;
  const started = event.status === 'started' || / started$/.test(event.text);
  const dependents = Object.values(project.services).filter(
    (service) => service.depends_on[dependency]?.condition === spec.condition,
  );
  return dependents.map((service) => ({
    kind: 'progress' as const,
    serviceName: service.name,
    text: started
      ? `waiting on ${dependency}: ${spec.words}`
      : `${dependency} ${event.kind === 'error' ? 'did not become' : 'is'} ${spec.words}`,
  }));
};
