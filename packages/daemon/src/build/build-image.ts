// Builds one service's image through the engine: the context with .dockerignore applied,
// args and target, output streamed line by line, and the build hash stored as a label so
// an unchanged build can be skipped next time.

import type { Engine } from '../engine/engine.js';
import { EngineOperationError } from '../engine/engine-errors.js';
import { createTarFromFiles } from '../archive/tar-context.js';
import type { DesiredBuild } from '../reconcile/desired.js';
import { devupLabel } from '../reconcile/labels.js';
import { listContextFiles, locateDockerfile } from './context-files.js';

export interface BuildOptions {
  noCache: boolean;
  /** Pull newer versions of the base images. */
  pull?: boolean;
  onOutput: (text: string) => void;
}

export const buildServiceImage = async (
  engine: Engine,
  build: DesiredBuild,
  buildHash: string,
  options: BuildOptions,
): Promise<string> => {
  const entries = await listContextFiles(build.context, build.dockerfile).catch((error: unknown) => {
    throw new EngineOperationError(
      'build-image',
      `image:${build.imageRef}`,
      `cannot read the build context ${build.context}: ${error instanceof Error ? error.message : String(error)}`,
    );
  });
  const errors: string[] = [];
  try {
    return await engine.buildImage(
      {
        context: createTarFromFiles(entries),
        dockerfile: locateDockerfile(build.context, build.dockerfile).name,
        tags: [build.imageRef],
        args: build.args,
        ...(build.target ? { target: build.target } : {}),
        labels: { ...build.labels, [devupLabel.buildHash]: buildHash },
        ...(options.noCache ? { noCache: true } : {}),
        ...(options.pull === true ? { pull: true } : {}),
      },
      (event) => {
        if (event.kind === 'error') errors.push(event.text);
        options.onOutput(event.text);
      },
    );
  } catch (error) {
    if (error instanceof EngineOperationError) throw error;
    throw new EngineOperationError('build-image', `image:${build.imageRef}`, errors.join('\n') || String(error));
  }
};
