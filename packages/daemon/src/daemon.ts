// devd: wires the parts together and serves the API on the user's unix socket.
// Order at start: private run directory -> lock -> state file -> status, logs, engine
// follower -> listen -> adopt registered projects. `close()` stops serving and leaves
// every container running.

import { readFileSync, rmSync } from 'node:fs';
import { randomUUID } from 'node:crypto';
import type { ApiDeps } from './api/api-deps.js';
import { buildApp } from './api/build-app.js';
import type { DaemonLog } from './daemon-log.js';
import type { Engine } from './engine/engine.js';
import { type LogPlane, LocalLogPlane } from './logs/log-plane.js';
import { ProcessLogPlane } from './logs/process/process-log-plane.js';
import { defaultApiLimits } from './api/api-deps.js';
import type { CreateRunner, LoadProject, StartWatch } from './projects/project-ports.js';
import { ProjectService } from './projects/project-service.js';
import type { Activity, DaemonStatus, ProjectRef } from './protocol/messages.js';
import { PROTOCOL_VERSION } from './protocol/messages.js';
import { secureUnixSocket } from './security/socket-mode.js';
import { startTcpListener, type TcpListener } from './security/tcp-listener.js';
import { acquireDaemonLock } from './state/daemon-lock.js';
import { ensurePrivateDir } from './state/private-dir.js';
import type { RuntimePaths } from './state/runtime-paths.js';
import { readStateFile, writeStateFile } from './state/state-file.js';
import { EngineFollower } from './status/engine-follower.js';
import { PROJECT_LABEL } from './status/compose-labels.js';
import { StatsPoller } from './status/stats-poller.js';
import { StatusStore } from './status/status-store.js';
import { createTopic } from './status/topic.js';

export interface DaemonOptions {
  paths: RuntimePaths;
  version: string;
  /** Which build of devd this is (state/build-id.ts), reported in its status. */
  buildId?: string;
  engine: Engine;
  loadProject: LoadProject;
  /** Makes the reconciler for one project; events feed status and activity. */
  createRunner: (
    engine: Engine,
    onEvent: Parameters<CreateRunner>[0],
    environment: Record<string, string>,
  ) => ReturnType<CreateRunner>;
  startWatch?: StartWatch;
  /** Deletes a project's watch record when it is taken down. */
  forgetWatch?: (projectName: string) => Promise<void>;
  log: DaemonLog;
  /**
   * The log plane (pumps, hub, stream clients) in a process of its own, which follows the
   * containers through an engine connection of its own; else it runs in this thread and
   * follows them through `engine`.
   */
  logPlaneProcess?: boolean;
  /** Milliseconds between status ticks (crash-loop windows age out). */
  tickMs?: number;
  /** Also listen on this loopback address ("127.0.0.1:7777"), guarded by the token in the run directory. */
  tcpListen?: string;
}

export interface RunningDaemon {
  socketPath: string;
  /** Stops serving; containers keep running. */
  close(): Promise<void>;
  /** Resolves once the daemon has stopped (after close, or a stop request). */
  closed: Promise<void>;
}

export class DaemonAlreadyRunning extends Error {
  override readonly name = 'DaemonAlreadyRunning';
  constructor(readonly pid: number) {
    super(`devd is already running (pid ${pid})`);
  }
}

export const readPackageVersion = (packageJsonUrl: URL): string => {
  try {
    return (JSON.parse(readFileSync(packageJsonUrl, 'utf8')) as { version?: string }).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
};

const DEVUP_LABEL_PREFIX = 'dev.devup';

/** A ProjectRef rebuilt from Compose's labels, for projects found only in the engine. */
const refFromLabels = (labels: Record<string, string>): ProjectRef => ({
  cwd: labels['com.docker.compose.project.working_dir'] ?? '/',
  files: (labels['com.docker.compose.project.config_files'] ?? '').split(',').filter((file) => file !== ''),
  envFiles: [],
  profiles: [],
  env: {},
  ...(labels[PROJECT_LABEL] !== undefined ? { projectName: labels[PROJECT_LABEL] } : {}),
  ...(labels['com.docker.compose.project.working_dir'] !== undefined
    ? { projectDirectory: labels['com.docker.compose.project.working_dir'] }
    : {}),
});

export const startDaemon = async (options: DaemonOptions): Promise<RunningDaemon> => {
  const { paths, engine } = options;
  const log = options.log.child('daemon');
  const startedAt = new Date().toISOString();
  const instanceId = `${process.pid}-${randomUUID().slice(0, 8)}`;

  const dirOutcome = ensurePrivateDir(paths.runDir);
  if (dirOutcome.kind === 'fixed')
    log.warn(
      { runDir: paths.runDir, previousMode: dirOutcome.previousMode.toString(8) },
      'run directory mode was too open; set to 0700',
    );

  const lock = await acquireDaemonLock(paths.pidFile, paths.socketPath);
  if (lock.kind === 'held') throw new DaemonAlreadyRunning(lock.pid);

  try {
    const { state, dropped } = readStateFile(paths.stateFile);
    if (dropped.length > 0)
      log.warn(
        { stateFile: paths.stateFile, dropped },
        'state file was damaged; dropped entries, rebuilding from engine labels',
      );
    const saveState = (next: typeof state): void => {
      try {
        writeStateFile(paths.stateFile, next);
      } catch (error) {
        log.error({ stateFile: paths.stateFile, error: String(error) }, 'writing the state file failed');
      }
    };

    const planeProcess =
      options.logPlaneProcess === true ? new ProcessLogPlane(options.log.child('log-plane')) : undefined;
    const localPlane =
      planeProcess === undefined ? new LocalLogPlane({ engine, log: options.log.child('log-pump') }) : undefined;
    const logPlane: LogPlane = planeProcess ?? (localPlane as LocalLogPlane);
    const store = new StatusStore((projectName, serviceName) => logPlane.lastTexts(projectName, serviceName, 20));
    logPlane.onArrivals((arrivals) => {
      for (const { projectName, serviceName } of arrivals) store.linesArrived(projectName, serviceName);
    });
    const activities = createTopic<Activity>();
    const viewers = { count: 0 };
    const statsPoller = new StatsPoller(engine, store, options.log.child('stats'), {
      hasViewers: () => viewers.count + (planeProcess?.viewers ?? 0) > 0,
    });
    const servedProjects: { service?: ProjectService } = {};
    const follower = new EngineFollower(engine, store, logPlane, options.log.child('engine-follower'), {
      projectNames: () => servedProjects.service?.projectNames() ?? [],
    });
    const projectService = new ProjectService({
      loadProject: options.loadProject,
      createRunner: (onEvent, environment) => options.createRunner(engine, onEvent, environment),
      ...(options.startWatch !== undefined ? { startWatch: options.startWatch } : {}),
      ...(options.forgetWatch !== undefined ? { forgetWatch: options.forgetWatch } : {}),
      store,
      observe: (projectName) => follower.observe(projectName),
      forgetLogs: (projectName) => logPlane.forgetProject(projectName),
      state,
      saveState,
      onActivity: (activity) => activities.publish(activity),
      log: options.log.child('projects'),
    });
    servedProjects.service = projectService;

    let resolveClosed: () => void = () => undefined;
    const closed = new Promise<void>((resolve) => (resolveClosed = resolve));
    let closing: Promise<void> | undefined;
    let tcpListener: TcpListener | undefined;
    const running: { app?: Awaited<ReturnType<typeof buildApp>>; tick?: NodeJS.Timeout } = {};

    const close = (): Promise<void> => {
      closing ??= (async () => {
        log.info({}, 'devd stopping; containers keep running');
        if (running.tick !== undefined) clearInterval(running.tick);
        // The streams the plane process serves first: the servers below wait for them.
        planeProcess?.closeStreams();
        // Stop taking requests (those in progress finish), let detached commands finish, then stop following.
        await tcpListener?.close();
        await running.app?.close();
        await projectService.close();
        follower.stop();
        statsPoller.stop();
        await logPlane.close();
        rmSync(paths.socketPath, { force: true });
        lock.release();
        log.info({}, 'devd stopped');
        options.log.flush();
        resolveClosed();
      })();
      return closing;
    };

    const inProgress = { commands: 0, execs: 0 };
    const daemonStatus = (): DaemonStatus => ({
      pid: process.pid,
      socketPath: paths.socketPath,
      version: options.version,
      protocol: PROTOCOL_VERSION,
      instanceId,
      ...(options.buildId !== undefined ? { buildId: options.buildId } : {}),
      commandsRunning: inProgress.commands + inProgress.execs,
      startedAt,
      engine: { ...follower.connection },
      ...(planeProcess !== undefined ? { logPlane: planeProcess.processStatus } : {}),
      projects: projectService.projectNames().map((projectName) => {
        const status = store.project(projectName);
        return {
          projectName,
          workingDir: status?.workingDir ?? state.projects[projectName]?.ref.cwd ?? '',
          services: status?.services.length ?? 0,
          watch: projectService.isWatching(projectName),
        };
      }),
    });

    const apiDeps: ApiDeps = {
      version: options.version,
      instanceId,
      projects: projectService,
      store,
      logs: logPlane,
      ...(localPlane !== undefined ? { feeds: localPlane } : {}),
      activities,
      engine,
      daemonStatus,
      requestShutdown: () => void close(),
      log: options.log,
      viewers,
      inProgress,
    };
    if (planeProcess !== undefined) {
      // The plane process serves the stream: the lines go from it to the clients directly.
      planeProcess.serveStreams({ version: options.version, instanceId, limits: defaultApiLimits, store, activities });
      apiDeps.streamHandoff = planeProcess.adoptStream;
    }
    const app = await buildApp(apiDeps);
    running.app = app;
    rmSync(paths.socketPath, { force: true });
    await app.listen({ path: paths.socketPath });
    const socketCheck = secureUnixSocket(paths.socketPath);
    log.info(
      {
        socketPath: paths.socketPath,
        pid: process.pid,
        version: options.version,
        boundMode: socketCheck.previousMode.toString(8),
      },
      'devd listening',
    );
    if (options.tcpListen !== undefined) {
      tcpListener = await startTcpListener({
        address: options.tcpListen,
        runDir: paths.runDir,
        buildApp: (access) => buildApp({ ...apiDeps, access }),
        onTokenFile: (note) => log.info({ ...note, fixedMode: note.fixedMode?.toString(8) }, 'TCP token file ready'),
      });
      log.info(
        { host: tcpListener.host, port: tcpListener.port, tokenFile: tcpListener.tokenFile },
        'devd listening on TCP (loopback, bearer token)',
      );
    }

    follower.start();
    statsPoller.start();
    if (dropped.length > 0) {
      try {
        const containers = await engine.listContainers({});
        for (const container of containers) {
          const projectName = container.labels[PROJECT_LABEL];
          if (
            projectName === undefined ||
            !Object.keys(container.labels).some((label) => label.startsWith(DEVUP_LABEL_PREFIX))
          )
            continue;
          projectService.registerFromLabels(projectName, refFromLabels(container.labels));
        }
      } catch (error) {
        log.warn({ error: String(error) }, 'could not list containers to adopt projects');
      }
    }
    for (const projectName of Object.keys(state.projects)) {
      void projectService
        .adopt(projectName)
        .catch((error: unknown) => log.warn({ projectName, error: String(error) }, 'adopting failed'));
    }
    running.tick = setInterval(() => store.dispatch({ kind: 'tick', time: Date.now() }), options.tickMs ?? 5000);
    running.tick.unref();

    return { socketPath: paths.socketPath, close, closed };
  } catch (error) {
    lock.release();
    throw error;
  }
};
