// Starts a project's watch session (watch/watch-session.ts) for the project service: the
// containers to sync into come from the engine's labels, rebuilds go through the runner.
// A watch resumed after devd restarted skips the initial sync and applies instead what
// changed since the watched files were last recorded (`baselineDir`/<project>.json; deleted
// by `down`, see removeWatchRecord).

import type { Project } from '@devup/schema';
import type { Engine } from '../engine/engine.js';
import { PROJECT_LABEL, SERVICE_LABEL, ONEOFF_LABEL } from '../status/compose-labels.js';
import { fileBaselineStore, watchRecordFile } from '../watch/watch-baseline.js';
import { WatchSession } from '../watch/watch-session.js';
import type { StartWatch } from './project-ports.js';

export const createStartWatch =
  (engine: Engine, options: { skipInitialSync?: boolean; baselineDir?: string } = {}): StartWatch =>
  async ({ project, runner, onState, onActivity, resumed }) => {
    const skipInitialSync = options.skipInitialSync ?? resumed;
    let current: Project = project;
    const session = new WatchSession({
      engine,
      project,
      containersFor: async (serviceName) =>
        (await engine.listContainers({ [PROJECT_LABEL]: current.name, [SERVICE_LABEL]: serviceName }))
          .filter((container) => container.state === 'running' && container.labels[ONEOFF_LABEL] !== 'True')
          .map((container) => container.id),
      rebuild: async (serviceName) => {
        if (runner.rebuildService === undefined) throw new Error('this runner cannot rebuild a service');
        await runner.rebuildService(current, serviceName);
      },
      onState,
      onActivity: (text, serviceName, kind) => onActivity(serviceName, text, kind),
      ...(skipInitialSync !== undefined ? { skipInitialSync } : {}),
      ...(options.baselineDir !== undefined
        ? { baseline: fileBaselineStore(watchRecordFile(options.baselineDir, project.name)) }
        : {}),
    });
    if (session.watchedServices().length === 0) return undefined;
    await session.start();
    return {
      stop: () => session.stop(),
      update: (next) => {
        current = next;
        void session.updateProject(next);
      },
    };
  };
