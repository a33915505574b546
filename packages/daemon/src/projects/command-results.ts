// What a runner's outcome means for the API: failures named by service, thrown errors
// given a stable code.

import type { ServiceFailure } from '../protocol/messages.js';
import { EngineUnavailableError } from '../engine/engine-errors.js';
import { DevError, errorMessage } from './dev-error.js';
import type { RunnerFailure } from './project-ports.js';

export const failureOf = (failure: RunnerFailure): ServiceFailure => {
  if (typeof failure === 'string') return { serviceName: '', message: failure };
  const fromResource = failure.resource !== undefined ? /service:([^:\s]+)/.exec(failure.resource)?.[1] : undefined;
  return {
    serviceName: failure.serviceName ?? failure.service ?? fromResource ?? '',
    message: failure.message ?? (failure.error !== undefined ? errorMessage(failure.error) : 'failed'),
  };
};

export const summarizeIssues = (count: number): string =>
  `the configuration has ${count} error${count === 1 ? '' : 's'}`;

/** An engine or runner error as a DevError: unavailable engine, failed build, or another engine failure. */
export const asDevError = (error: unknown): DevError => {
  if (error instanceof DevError) return error;
  const message = errorMessage(error);
  if (error instanceof EngineUnavailableError || /ECONNREFUSED|connect EACCES/.test(message))
    return new DevError('DEV_ERR_ENGINE_UNAVAILABLE', message);
  if (/\bbuild(-image)?\b.*failed/i.test(message)) return new DevError('DEV_ERR_BUILD_FAILED', message);
  return new DevError('DEV_ERR_ENGINE', message);
};
