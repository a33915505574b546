// Runs one Docker engine call and translates its failure into our error types: an engine
// that cannot be reached is EngineUnavailableError, anything the engine refused is
// EngineOperationError with the engine's own words; chosen status codes can instead be
// answered with a value (404 on an inspect: undefined).

import { EngineOperationError, EngineUnavailableError } from '../engine-errors.js';
import type { Json } from '../stream-io.js';

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOENT',
  'EACCES',
  'ECONNRESET',
  'EPIPE',
  'ETIMEDOUT',
  'EHOSTUNREACH',
]);

const statusOf = (error: unknown): number | undefined => {
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return typeof statusCode === 'number' ? statusCode : undefined;
};

const engineMessage = (error: unknown): string => {
  const json = (error as { json?: unknown } | null)?.json;
  if (json && typeof json === 'object' && typeof (json as Json)['message'] === 'string')
    return String((json as Json)['message']);
  const reason = (error as { reason?: unknown } | null)?.reason;
  if (typeof reason === 'string' && statusOf(error) !== undefined) return reason;
  return error instanceof Error ? error.message : String(error);
};

/** A container's resource name for messages: a full 64-digit id is shortened to 12. */
export const shortId = (id: string): string => (/^[0-9a-f]{64}$/.test(id) ? id.slice(0, 12) : id);

/** Runs one engine call, translating failures into our error types. */
export type DockerCall = <T>(
  operation: string,
  resource: string,
  run: () => Promise<T>,
  accept?: Record<number, () => T>,
) => Promise<T>;

/** The DockerCall of an adapter talking to `endpoint` (named in EngineUnavailableError). */
export function dockerCallFor(endpoint: string): DockerCall {
  return async (operation, resource, run, accept = {}) => {
    try {
      return await run();
    } catch (error) {
      const statusCode = statusOf(error);
      if (statusCode !== undefined && accept[statusCode]) return accept[statusCode]();
      const code = (error as { code?: unknown } | null)?.code;
      if (statusCode === undefined && typeof code === 'string' && unreachableCodes.has(code)) {
        throw new EngineUnavailableError(endpoint, engineMessage(error));
      }
      throw new EngineOperationError(operation, resource, engineMessage(error), statusCode);
    }
  };
}
