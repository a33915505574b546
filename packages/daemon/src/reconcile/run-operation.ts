// Carries out one plan operation against the engine. No decisions: everything an
// operation needs was put into it by the planner.

import type { Engine } from '../engine/engine.js';
import { createTarFromEntries } from '../archive/tar-context.js';
import { buildServiceImage } from '../build/build-image.js';
import type { DesiredContainer } from './desired.js';
import type { Operation } from './plan.js';

export interface OperationContext {
  engine: Engine;
  /** How often waits look at the engine. */
  pollIntervalMs: number;
  signal?: AbortSignal;
  onBuildOutput: (serviceName: string, text: string) => void;
}

export class OperationFailure extends Error {
  override readonly name = 'OperationFailure';
}

const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const createContainer = async (engine: Engine, container: DesiredContainer, name: string): Promise<string> => {
  const containerId = await engine.createContainer({ ...container.spec, name });
  for (const network of container.extraNetworks)
    await engine.connectNetwork(network.name, containerId, network.aliases);
  if (container.files.length > 0) {
    const tar = createTarFromEntries(
      container.files.map((file) => ({
        name: file.path.replace(/^\/+/, ''),
        content: Buffer.from(file.content),
        mode: file.mode,
        ...(file.uid !== undefined ? { uid: file.uid } : {}),
        ...(file.gid !== undefined ? { gid: file.gid } : {}),
      })),
    );
    await engine.putArchive(containerId, '/', tar);
  }
  return containerId;
};

const stopAndRemove = async (
  engine: Engine,
  containerRef: string,
  timeoutSeconds: number | undefined,
): Promise<void> => {
  await engine.stopContainer(containerRef, timeoutSeconds);
  await engine.removeContainer(containerRef);
};

/** Polls until every container satisfies `check` (true), or `check` reports a failure (a string). */
const waitFor = async (
  context: OperationContext,
  containerRefs: string[],
  check: (ref: string) => Promise<true | false | string>,
): Promise<void> => {
  for (;;) {
    if (context.signal?.aborted) throw new OperationFailure('cancelled');
    const results = await Promise.all(containerRefs.map(check));
    const failure = results.find((result): result is string => typeof result === 'string');
    if (failure !== undefined) throw new OperationFailure(failure);
    if (results.every((result) => result === true)) return;
    await pause(context.pollIntervalMs);
  }
};

export const runOperation = async (operation: Operation, context: OperationContext): Promise<void> => {
  const { engine } = context;
  switch (operation.kind) {
    case 'create-network': {
      const { network } = operation;
      await engine.createNetwork(network.name, network.labels, {
        ...(network.driver ? { driver: network.driver } : {}),
        ...(network.internal ? { internal: true } : {}),
        ...(network.attachable ? { attachable: true } : {}),
      });
      return;
    }
    case 'create-volume': {
      const { volume } = operation;
      await engine.createVolume(volume.name, volume.labels, {
        ...(volume.driver ? { driver: volume.driver } : {}),
        ...(volume.driverOpts ? { driverOpts: volume.driverOpts } : {}),
      });
      return;
    }
    case 'build-image':
      await buildServiceImage(engine, operation.build, operation.buildHash, {
        noCache: operation.noCache ?? false,
        ...(operation.pull === true ? { pull: true } : {}),
        onOutput: (text) => context.onBuildOutput(operation.serviceName, text),
      });
      return;
    case 'pull-image': {
      if (engine.pullImage === undefined) throw new OperationFailure('this engine cannot pull images');
      await engine.pullImage(operation.imageRef, (event) =>
        context.onBuildOutput(operation.serviceName, event.text.endsWith('\n') ? event.text : `${event.text}\n`),
      );
      return;
    }
    case 'require-image':
      if ((await engine.inspectImage(operation.imageRef)) === undefined)
        throw new OperationFailure(
          `image ${operation.imageRef} is not present on this engine and the pull policy is ${operation.policy}: ` +
            'build or load it first, or use --pull missing',
        );
      return;
    case 'create-container':
      await createContainer(engine, operation.container, operation.container.name);
      return;
    case 'recreate-container': {
      // The new container is created first under a temporary name, so a failure to
      // create it leaves the old one running.
      const temporaryName = `${operation.replacedId.slice(0, 12)}_${operation.container.name}`;
      const containerId = await createContainer(engine, operation.container, temporaryName);
      await stopAndRemove(engine, operation.replacedId, operation.stopTimeoutSeconds);
      await engine.renameContainer(containerId, operation.container.name);
      return;
    }
    case 'start-container':
      await engine.startContainer(operation.containerRef);
      return;
    case 'restart-container':
      await engine.restartContainer(operation.containerRef, operation.timeoutSeconds);
      return;
    case 'stop-container':
      await engine.stopContainer(operation.containerRef, operation.timeoutSeconds);
      return;
    case 'remove-container':
      await engine.removeContainer(operation.containerRef, { volumes: operation.removeVolumes ?? false });
      return;
    case 'remove-orphan':
    case 'scale-down':
      await stopAndRemove(engine, operation.containerRef, operation.timeoutSeconds);
      return;
    case 'await-healthy':
      await waitFor(context, operation.containerRefs, async (ref) => {
        const container = await engine.inspectContainer(ref);
        const failed = (reason: string): string => `dependency ${operation.serviceName} failed to start: ${reason}`;
        if (!container) return failed(`container ${ref} is gone`);
        // As Compose: an unhealthy container fails the wait at once; so does one that exited
        // and is not being restarted (a restart policy's next attempt is still waited for).
        if (container.health === 'unhealthy') return failed('container is unhealthy');
        if (container.state === 'exited' || container.state === 'dead')
          return failed(`exited with code ${container.exitCode ?? '?'}`);
        if (container.state === 'running' && container.health === undefined)
          return failed('it has no healthcheck, so service_healthy cannot be met');
        return container.health === 'healthy';
      });
      return;
    case 'await-completed':
      await waitFor(context, operation.containerRefs, async (ref) => {
        const container = await engine.inspectContainer(ref);
        if (!container) return `dependency ${operation.serviceName} failed to start: container ${ref} is gone`;
        if (container.state !== 'exited' && container.state !== 'dead') return false;
        return container.exitCode === 0
          ? true
          : `dependency ${operation.serviceName} did not complete successfully: exited with code ${container.exitCode ?? '?'}`;
      });
      return;
    case 'remove-network':
      await engine.removeNetwork(operation.name);
      return;
    case 'remove-volume':
      await engine.removeVolume(operation.name);
      return;
  }
};
