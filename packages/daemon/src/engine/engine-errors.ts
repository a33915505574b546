// Errors raised by an Engine. Each is typed by who can act on it: an unreachable engine
// is the user's to fix (start Docker, check DOCKER_HOST); a failed operation names the
// operation and the resource it was applied to.

export class EngineUnavailableError extends Error {
  override readonly name = 'EngineUnavailableError';
  constructor(
    readonly endpoint: string,
    readonly detail: string,
  ) {
    super(`the Docker engine is not reachable at ${endpoint}: ${detail}`);
  }
}

export class EngineOperationError extends Error {
  override readonly name = 'EngineOperationError';
  constructor(
    /** Operation name, e.g. "stop-container". */
    readonly operation: string,
    /** Resource the operation applied to, e.g. "service:web:1" or "container:3f2a…". */
    readonly resource: string,
    /** The engine's own message. */
    readonly detail: string,
    /** HTTP status the engine answered with, when it answered. */
    readonly statusCode?: number,
  ) {
    super(`${operation} ${resource} failed: ${detail}`);
  }
}

/** The engine's message without our wrapping, for re-wrapping under another resource name. */
export const describeEngineFailure = (error: unknown): string => {
  if (error instanceof EngineOperationError) return error.detail;
  if (error instanceof Error) return error.message;
  return String(error);
};
