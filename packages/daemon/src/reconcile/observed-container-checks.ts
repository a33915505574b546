// What the planner reads off an observed container: whether it runs or completed, which
// of two containers with one number to keep, why it must be recreated, and how long its
// stop may take before the kill.

import type { ImageSummary } from '../engine/engine.js';
import { changedConfigKeys, describeConfigChange } from './config-hash.js';
import type { DesiredContainer } from './desired.js';
import type { ObservedContainer } from './observe.js';

export const isRunning = (container: ObservedContainer): boolean =>
  ['running', 'restarting', 'paused'].includes(container.summary.state);
export const isCompleted = (container: ObservedContainer): boolean =>
  container.summary.state === 'exited' && container.summary.exitCode === 0;

/** Why `observed` is replaced by a new container for `desired`, or undefined to keep it. */
export const recreateCause = (
  desired: DesiredContainer,
  observed: ObservedContainer,
  imageRebuilt: boolean,
  image: ImageSummary | undefined,
  options: { forceRecreate?: boolean },
): string | undefined => {
  if (options.forceRecreate) return 'forced (--force-recreate)';
  if (observed.configHash !== desired.configHash) {
    const known = Object.keys(observed.keyDigests).length > 0;
    return known ? describeConfigChange(changedConfigKeys(observed.keyDigests, desired.keyDigests)) : 'config changed';
  }
  if (imageRebuilt) return 'image rebuilt';
  if (image && observed.summary.imageId !== '' && observed.summary.imageId !== image.id) return 'image changed';
  if (observed.summary.state === 'dead') return 'container is dead';
  if (observed.summary.name !== desired.name) return `container is named ${observed.summary.name}`;
  return undefined;
};

/** Of containers with one number, the higher scores are kept: the right name, then config, then running. */
export function keepScore(candidate: ObservedContainer, desired: DesiredContainer): number {
  return (
    (candidate.summary.name === desired.name ? 4 : 0) +
    (candidate.configHash === desired.configHash ? 2 : 0) +
    (isRunning(candidate) ? 1 : 0)
  );
}

/** The seconds a stop waits before the kill: `up -t`, else the container's stop grace period. */
function graceOf(container: ObservedContainer, options: { timeoutSeconds?: number }): number | undefined {
  return options.timeoutSeconds ?? container.stopGraceSeconds;
}

export function stopTimeout(
  container: ObservedContainer,
  options: { timeoutSeconds?: number },
): { timeoutSeconds?: number } {
  const seconds = graceOf(container, options);
  return seconds === undefined ? {} : { timeoutSeconds: seconds };
}

export function stopTimeoutSeconds(
  container: ObservedContainer,
  options: { timeoutSeconds?: number },
): { stopTimeoutSeconds?: number } {
  const seconds = graceOf(container, options);
  return seconds === undefined ? {} : { stopTimeoutSeconds: seconds };
}
