#!/usr/bin/env node
// devd: the per-user daemon. Started on demand by `dev` (detached); SIGTERM or SIGINT
// stop it cleanly and leave every container running.

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadProject } from '@devup/schema';
import { createFileLog } from '../daemon-log.js';
import { DaemonAlreadyRunning, readPackageVersion, startDaemon } from '../daemon.js';
import { DockerEngine } from '../engine/docker-engine.js';
import { formatPlan } from '../reconcile/format-plan.js';
import { ProjectRunner } from '../reconcile/project-runner.js';
import { createStartWatch } from '../projects/watch-starter.js';
import { resolveRuntimePaths } from '../state/runtime-paths.js';
import { buildIdFor } from '../state/build-id.js';
import { removeWatchRecord } from '../watch/watch-baseline.js';

const paths = resolveRuntimePaths();
mkdirSync(paths.dataDir, { recursive: true, mode: 0o700 });
const log = createFileLog(paths.logFile);
const processLog = log.child('process');
/** Each watched project's record of its files, to resume after a restart (watch/watch-baseline.ts). */
const watchRecords = join(paths.dataDir, 'watch');

process.on('uncaughtException', (error) =>
  processLog.error({ error: error.stack ?? String(error) }, 'uncaught exception'),
);
process.on('unhandledRejection', (reason) =>
  processLog.error({ error: reason instanceof Error ? reason.stack : String(reason) }, 'unhandled rejection'),
);

const engine = new DockerEngine();

try {
  const daemon = await startDaemon({
    paths,
    version: readPackageVersion(new URL('../../package.json', import.meta.url)),
    buildId: buildIdFor(fileURLToPath(import.meta.url), process.env),
    engine,
    loadProject,
    createRunner: (engine, onEvent, environment) => {
      const runner = new ProjectRunner(engine, onEvent, { environment });
      return {
        planUp: async (project, options) => {
          const plan = await runner.planUp(project, options);
          return { planText: formatPlan(plan), stepCount: plan.steps.length };
        },
        up: (project, options) => runner.up(project, options),
        down: (projectName, options) => runner.down(projectName, options),
        stop: (project, services, options) => runner.stop(project, services, options),
        start: (project, services) => runner.start(project, services),
        restart: (project, services, options) => runner.restart(project, services, options),
        build: (project, services, options) => runner.build(project, services, options),
        rebuildService: (project, serviceName) => runner.rebuildService(project, serviceName),
      };
    },
    startWatch: createStartWatch(engine, { baselineDir: watchRecords }),
    forgetWatch: (projectName) => removeWatchRecord(watchRecords, projectName),
    log,
    // Log lines are taken in, kept and serialized in a process of their own.
    logPlaneProcess: true,
    ...(process.env['DEVUP_TCP'] !== undefined && process.env['DEVUP_TCP'] !== ''
      ? { tcpListen: process.env['DEVUP_TCP'] }
      : {}),
  });
  const stop = (signal: string): void => {
    processLog.info({ signal }, 'signal received');
    void daemon.close();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
  await daemon.closed;
  process.exit(0);
} catch (error) {
  if (error instanceof DaemonAlreadyRunning) {
    process.stderr.write(`devd: ${error.message}\n`);
    process.exit(0);
  }
  processLog.error(
    { error: error instanceof Error ? (error.stack ?? error.message) : String(error) },
    'devd failed to start',
  );
  log.flush();
  process.stderr.write(`devd: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
