// devd's side of the log plane when it runs in a process of its own
// (log-plane-process.ts): forwards pump control, reads and the connections of stream
// clients, and hands back arrivals and the last texts of watched services. The process has a session of its own, so where the kernel shares CPU time out
// per session (autogroup), the flood of lines it takes in counts against it and not
// against the process that answers requests. If it dies it is started again (at once if it
// had run for 30 s, else after a wait that doubles from 100 ms up to 5 s): pumps resume
// from the engine's backlog (what was kept in the old hub is gone). Stream clients it served are cut off; they reconnect, see a new
// instance id, and line up what they had with the new backlog, as after a devd restart.

import { type ChildProcess, fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { ApiLimits } from '../../api/api-deps.js';
import type { DaemonLog } from '../../daemon-log.js';
import type { Activity } from '../../protocol/messages.js';
import type { StatusChange, StatusStore } from '../../status/status-store.js';
import type { Topic } from '../../status/topic.js';
import type { ServiceRef } from '../log-feeds.js';
import type { LogPlane } from '../log-plane.js';
import type { PumpTarget } from '../log-pump.js';
import type { LogRead, LogReadResult } from '../read-logs.js';
import type { FromPlane, ToPlane } from './plane-messages.js';

const keyOf = (projectName: string, serviceName: string): string => `${projectName}\u0000${serviceName}`;

/** Waits before starting the process again after it died: doubling from the first, up to the last. */
const RESTART_DELAY_MS = { first: 100, most: 5000 };
/** A process that ran this long before it died is started again at once. */
const STABLE_AFTER_MS = 30_000;

/** What the plane process needs to serve stream connections itself. */
export interface StreamSource {
  version: string;
  instanceId: string;
  limits: ApiLimits;
  store: Pick<StatusStore, 'projects' | 'subscribe'>;
  activities: Topic<Activity>;
}

export class ProcessLogPlane implements LogPlane {
  private child: ChildProcess;
  private closing = false;
  private closed: Promise<void> | undefined;
  private readonly targets = new Map<string, PumpTarget>();
  private readonly reads = new Map<
    number,
    { resolve: (result: LogReadResult) => void; reject: (error: Error) => void }
  >();
  private readonly texts = new Map<string, string[]>();
  private readonly arrivalListeners: ((arrivals: readonly ServiceRef[]) => void)[] = [];
  private nextId = 0;
  /** How many times the process was started again: each start's hub numbers lines anew. */
  private restarts = 0;
  private startedAt = 0;
  /** The wait before the last restart; grows while the process keeps dying soon after its start. */
  private restartDelayMs = 0;
  private restartTimer: NodeJS.Timeout | undefined;
  private streamSource: StreamSource | undefined;
  private pendingChanges: StatusChange[] = [];
  private streamsClosed = false;
  /** Stream connections the plane process serves. */
  viewers = 0;

  /** The process's pid (0 while it is being started again), and how often it was started again. */
  get processStatus(): { pid: number; restarts: number } {
    return {
      pid: this.child.exitCode === null && this.child.signalCode === null ? (this.child.pid ?? 0) : 0,
      restarts: this.restarts,
    };
  }

  constructor(
    private readonly log: DaemonLog,
    private readonly entry: URL = new URL('./log-plane-process.js', import.meta.url),
  ) {
    this.child = this.start();
  }

  ensure(target: PumpTarget): void {
    this.targets.set(target.containerId, target);
    this.send({ type: 'ensure', target });
  }

  forget(containerId: string): void {
    this.targets.delete(containerId);
    this.send({ type: 'forget', containerId });
  }

  forgetProject(projectName: string): void {
    for (const [containerId, target] of this.targets)
      if (target.projectName === projectName) this.targets.delete(containerId);
    for (const key of this.texts.keys()) if (key.startsWith(`${projectName}\u0000`)) this.texts.delete(key);
    this.send({ type: 'forget-project', projectName });
  }

  lastTexts(projectName: string, serviceName: string, count: number): string[] {
    const key = keyOf(projectName, serviceName);
    const texts = this.texts.get(key);
    if (texts === undefined) {
      // Known from the next message on; until then there is nothing to show.
      this.texts.set(key, []);
      this.send({ type: 'watch-texts', projectName, serviceName });
      return [];
    }
    return texts.slice(-count);
  }

  onArrivals(listener: (arrivals: readonly ServiceRef[]) => void): void {
    this.arrivalListeners.push(listener);
  }

  read(request: LogRead): Promise<LogReadResult> {
    this.nextId += 1;
    const requestId = this.nextId;
    return new Promise((resolve, reject) => {
      if (!this.child.connected) {
        reject(new Error('the log plane process is not running'));
        return;
      }
      this.reads.set(requestId, { resolve, reject });
      this.send({ type: 'read', requestId, request });
    });
  }

  /**
   * From now on the plane process serves stream connections (handed over with
   * `adoptStream`), from devd's status and activities, which are forwarded to it.
   */
  serveStreams(source: StreamSource): void {
    this.streamSource = source;
    source.store.subscribe((change) => {
      if (this.pendingChanges.length === 0) queueMicrotask(this.sendChanges);
      this.pendingChanges.push(change);
    });
    source.activities.subscribe((activity) => this.send({ type: 'activity', activity }));
    this.sendServe();
  }

  /** Hands the connection of a /v1/stream upgrade to the plane process. */
  readonly adoptStream = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (!this.child.connected || this.streamsClosed) {
      socket.destroy();
      return;
    }
    this.child.send(
      {
        type: 'stream',
        method: request.method ?? 'GET',
        url: request.url ?? '/v1/stream',
        headers: request.headers,
        head,
      },
      socket as Socket,
    );
  };

  /**
   * devd is stopping: the plane process drops the stream connections it serves, and takes
   * no more. devd's servers count the connections they handed over as theirs, so they
   * close only once these are gone.
   */
  closeStreams(): void {
    this.streamsClosed = true;
    this.send({ type: 'close-streams' });
  }

  private readonly sendChanges = (): void => {
    const changes = this.pendingChanges;
    this.pendingChanges = [];
    if (changes.length > 0) this.send({ type: 'status', changes });
  };

  private sendServe(): void {
    const source = this.streamSource;
    if (source === undefined) return;
    // Changes not sent yet are in the projects sent now.
    this.pendingChanges = [];
    this.send({
      type: 'serve',
      version: source.version,
      // A restarted plane numbers lines from 1 again: clients see a new instance, so they
      // do not resume by the old numbers but line up what they had with the new backlog.
      instanceId: this.restarts === 0 ? source.instanceId : `${source.instanceId}.${this.restarts}`,
      limits: source.limits,
      projects: source.store.projects(),
    });
  }

  close(): Promise<void> {
    this.closing = true;
    if (this.restartTimer !== undefined) clearTimeout(this.restartTimer);
    this.closed ??= new Promise<void>((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) {
        resolve();
        return;
      }
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 2000);
      this.child.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      this.send({ type: 'close' });
    });
    return this.closed;
  }

  private send(message: ToPlane): void {
    if (this.child.connected) this.child.send(message);
  }

  private start(): ChildProcess {
    const child = fork(fileURLToPath(this.entry), [], {
      serialization: 'advanced',
      // A session of its own (see above); it still ends with devd, when the channel closes.
      detached: true,
      stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    });
    this.startedAt = Date.now();
    child.on('message', (message: FromPlane) => this.receive(message));
    child.on('error', (error) => this.log.error({ error: error.stack ?? String(error) }, 'log plane process failed'));
    child.on('exit', (code, signal) => {
      for (const read of this.reads.values()) read.reject(new Error('the log plane process stopped'));
      this.reads.clear();
      if (this.closing) return;
      this.viewers = 0;
      // One that keeps dying right after its start is not started again in a tight loop.
      const ranMs = Date.now() - this.startedAt;
      this.restartDelayMs =
        ranMs >= STABLE_AFTER_MS
          ? 0
          : Math.min(RESTART_DELAY_MS.most, Math.max(RESTART_DELAY_MS.first, this.restartDelayMs * 2));
      this.log.error(
        { code, signal, ranMs, restartInMs: this.restartDelayMs },
        'log plane process exited; starting it again',
      );
      this.restartTimer = setTimeout(() => {
        this.restartTimer = undefined;
        if (!this.closing) this.restart();
      }, this.restartDelayMs);
    });
    return child;
  }

  private restart(): void {
    this.restarts += 1;
    this.child = this.start();
    this.sendServe();
    for (const target of this.targets.values()) this.send({ type: 'ensure', target });
    for (const key of this.texts.keys()) {
      const [projectName = '', serviceName = ''] = key.split('\u0000');
      this.send({ type: 'watch-texts', projectName, serviceName });
    }
  }

  private receive(message: FromPlane): void {
    switch (message.type) {
      case 'arrivals':
        for (const { projectName, serviceName, texts } of message.texts) {
          const key = keyOf(projectName, serviceName);
          if (this.texts.has(key)) this.texts.set(key, texts);
        }
        for (const listener of this.arrivalListeners) listener(message.arrivals);
        return;
      case 'read-result': {
        const read = this.reads.get(message.requestId);
        this.reads.delete(message.requestId);
        if (message.result !== undefined) read?.resolve(message.result);
        else read?.reject(new Error(message.error ?? 'log read failed'));
        return;
      }
      case 'viewers':
        this.viewers = message.count;
        return;
      case 'log':
        this.log[message.level](message.fields, message.message);
        return;
    }
  }
}
