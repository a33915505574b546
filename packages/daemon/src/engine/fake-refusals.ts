// The container refusals of the in-memory fake, worded and coded as the engine words
// them: a name in use, a container that is not running or does not exist.

import { EngineOperationError } from './engine-errors.js';
import type { FakeContainer } from './fake-container.js';

/** A 409 about `name`'s container, e.g. its name is taken or it is running. */
export function containerConflict(operation: string, name: string, message: string): EngineOperationError {
  return new EngineOperationError(operation, `container:${name}`, message, 409);
}

export function containerNotRunning(operation: string, container: FakeContainer, asked: string): EngineOperationError {
  return containerConflict(operation, container.spec.name, `Container ${asked} is not running`);
}

export function noSuchContainer(operation: string, containerId: string): EngineOperationError {
  return new EngineOperationError(
    operation,
    `container:${containerId.slice(0, 12)}`,
    `No such container: ${containerId}`,
    404,
  );
}
