// Stream calls of the Docker adapter: exec sessions, archive upload into a container, a
// container's logs and the engine's event stream. The stream handling itself lives beside
// the adapter (exec-session, log-follow, event-follow), fed with closures over these calls.

import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import type { EngineEvent, ExecSession, ExecSpec, Labels, LogChunk } from '../engine.js';
import { EngineOperationError } from '../engine-errors.js';
import { labelFilters } from '../docker-api-mapping.js';
import { followEvents } from '../event-follow.js';
import { toExecSession } from '../exec-session.js';
import { followLogs } from '../log-follow.js';
import type { DockerClient } from './docker-client.js';
import { shortId, type DockerCall } from './docker-call.js';

export class DockerStreams {
  constructor(
    private readonly docker: DockerClient,
    private readonly call: DockerCall,
  ) {}

  async exec(containerId: string, spec: ExecSpec): Promise<ExecSession> {
    const resource = `container:${shortId(containerId)}`;
    const container = this.docker.getContainer(containerId);
    const exec = await this.call('exec', resource, () =>
      container.exec({
        Cmd: spec.cmd,
        AttachStdin: spec.attachStdin,
        AttachStdout: true,
        AttachStderr: true,
        Tty: spec.tty,
        ...(spec.user ? { User: spec.user } : {}),
        ...(spec.workingDir ? { WorkingDir: spec.workingDir } : {}),
        ...(spec.env ? { Env: spec.env } : {}),
        Privileged: spec.privileged ?? false,
      }),
    );
    const connection = await this.call('exec', resource, () =>
      exec.start({ hijack: true, stdin: spec.attachStdin, Tty: spec.tty }),
    );
    return toExecSession(connection, {
      tty: spec.tty,
      attachStdin: spec.attachStdin,
      inspect: () => this.call('exec', resource, () => exec.inspect()),
      resize: async (columns, rows) => {
        await this.call('resize-exec', resource, () => exec.resize({ w: columns, h: rows }));
      },
      noExitCode: () => new EngineOperationError('exec', resource, 'the process did not report an exit code'),
    });
  }

  async putArchive(containerId: string, path: string, tar: Readable): Promise<void> {
    await this.call('put-archive', `container:${shortId(containerId)}`, () =>
      this.docker.getContainer(containerId).putArchive(tar, { path }),
    );
  }

  async streamLogs(
    containerId: string,
    options: { since?: number; tail?: number; follow: boolean; signal: AbortSignal },
    onChunk: (chunk: LogChunk) => void,
  ): Promise<void> {
    const resource = `container:${shortId(containerId)}`;
    const container = this.docker.getContainer(containerId);
    const info = await this.call('inspect-container', resource, () => container.inspect());
    return followLogs(
      {
        tty: Boolean(info.Config.Tty),
        running: Boolean(info.State.Running) && !info.State.Restarting,
        attach: async () =>
          this.call<Readable | undefined>(
            'attach-container',
            resource,
            async () =>
              (await container.attach({
                stream: true,
                stdout: true,
                stderr: true,
                logs: false,
              })) as unknown as Readable,
            // 409: the container exited or is waiting to be restarted since the inspect.
            { 409: () => undefined },
          ),
        readBacklog: async (until) =>
          (await this.call('read-logs', resource, () =>
            container.logs({
              follow: false,
              stdout: true,
              stderr: true,
              timestamps: true,
              ...(options.since !== undefined ? { since: options.since } : {}),
              ...(options.tail !== undefined ? { tail: options.tail } : {}),
              ...(until !== undefined ? { until } : {}),
            }),
          )) as unknown as Buffer | Readable,
      },
      options,
      onChunk,
    );
  }

  async streamEvents(filterLabels: Labels, signal: AbortSignal, onEvent: (event: EngineEvent) => void): Promise<void> {
    await followEvents(
      async (since) =>
        (await this.call('stream-events', 'engine', () =>
          this.docker.getEvents({
            filters: { type: ['container'], ...labelFilters(filterLabels) },
            ...(since !== undefined ? { since } : {}),
            abortSignal: signal,
          } as Parameters<Docker['getEvents']>[0]),
        )) as unknown as Readable,
      signal,
      onEvent,
    );
  }
}
