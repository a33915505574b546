// The Engine backed by a real Docker engine through dockerode. The only module that
// imports dockerode. Honours DOCKER_HOST (and DOCKER_TLS_VERIFY / DOCKER_CERT_PATH) the
// way the docker CLI does, through dockerode's defaults.
// Stream handling lives beside it (log-follow, event-follow, exec-session, stream-io),
// fed with closures over dockerode calls.

import Docker from 'dockerode';
import type { Readable } from 'node:stream';
import type {
  BuildEvent,
  BuildSpec,
  ContainerSpec,
  ContainerStats,
  ContainerSummary,
  Engine,
  EngineEvent,
  ExecSession,
  ExecSpec,
  ImageSummary,
  Labels,
  LogChunk,
  NetworkSummary,
  VolumeSummary,
} from './engine.js';
import { EngineOperationError, EngineUnavailableError } from './engine-errors.js';
import {
  cpuPercentFromStats,
  labelFilters,
  memoryBytesFromStats,
  summaryFromInspect,
  summaryFromListEntry,
  toCreateContainerBody,
} from './docker-api-mapping.js';
import { followEvents } from './event-follow.js';
import { toExecSession } from './exec-session.js';
import { followLogs } from './log-follow.js';
import { forEachJsonLine, pause, type Json } from './stream-io.js';

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

const shortId = (id: string): string => (/^[0-9a-f]{64}$/.test(id) ? id.slice(0, 12) : id);

export interface DockerEngineOptions {
  /** A socket path; by default DOCKER_HOST, else the default unix socket. */
  socketPath?: string;
}

export class DockerEngine implements Engine {
  private readonly docker: Docker;
  readonly endpoint: string;

  constructor(options: DockerEngineOptions = {}) {
    this.docker = options.socketPath ? new Docker({ socketPath: options.socketPath }) : new Docker();
    this.endpoint = options.socketPath ?? process.env['DOCKER_HOST'] ?? 'unix:///var/run/docker.sock';
  }

  /** Runs one engine call, translating failures into our error types. */
  private async call<T>(
    operation: string,
    resource: string,
    run: () => Promise<T>,
    accept: Record<number, () => T> = {},
  ): Promise<T> {
    try {
      return await run();
    } catch (error) {
      const statusCode = statusOf(error);
      if (statusCode !== undefined && accept[statusCode]) return accept[statusCode]();
      const code = (error as { code?: unknown } | null)?.code;
      if (statusCode === undefined && typeof code === 'string' && unreachableCodes.has(code)) {
        throw new EngineUnavailableError(this.endpoint, engineMessage(error));
      }
      throw new EngineOperationError(operation, resource, engineMessage(error), statusCode);
    }
  }

  async ping(): Promise<{ version: string; apiVersion: string }> {
    const version = (await this.call('ping', 'engine', () => this.docker.version())) as unknown as Json;
    return { version: String(version['Version']), apiVersion: String(version['ApiVersion']) };
  }

  async listContainers(filterLabels: Labels): Promise<ContainerSummary[]> {
    const entries = await this.call('list-containers', 'engine', () =>
      this.docker.listContainers({ all: true, filters: labelFilters(filterLabels) }),
    );
    return (entries as unknown as Json[]).map(summaryFromListEntry);
  }

  async inspectContainer(containerId: string): Promise<ContainerSummary | undefined> {
    const body = await this.call(
      'inspect-container',
      `container:${shortId(containerId)}`,
      async () => (await this.docker.getContainer(containerId).inspect()) as unknown as Json | undefined,
      { 404: () => undefined },
    );
    return body && summaryFromInspect(body);
  }

  async createContainer(spec: ContainerSpec): Promise<string> {
    const container = await this.call('create-container', `container:${spec.name}`, () =>
      this.docker.createContainer(toCreateContainerBody(spec) as Docker.ContainerCreateOptions),
    );
    return container.id;
  }

  async startContainer(containerId: string): Promise<void> {
    await this.call(
      'start-container',
      `container:${shortId(containerId)}`,
      () => this.docker.getContainer(containerId).start(),
      {
        304: () => undefined,
      },
    );
  }

  async stopContainer(containerId: string, timeoutSeconds?: number, signal?: string): Promise<void> {
    const resource = `container:${shortId(containerId)}`;
    const container = this.docker.getContainer(containerId);
    if (signal === undefined) {
      await this.call(
        'stop-container',
        resource,
        () => container.stop(timeoutSeconds === undefined ? {} : { t: timeoutSeconds }),
        {
          304: () => undefined,
        },
      );
      return;
    }
    // API 1.41 has no signal parameter on stop: send the signal, wait, then kill.
    const stopped = await this.call(
      'stop-container',
      resource,
      async () => {
        await container.kill({ signal });
        return true;
      },
      { 409: () => false },
    );
    if (!stopped) return;
    const waited = this.call('stop-container', resource, () => container.wait({ condition: 'not-running' }), {
      404: () => undefined,
    });
    const deadline = pause((timeoutSeconds ?? 10) * 1000).then(() => 'timeout' as const);
    if ((await Promise.race([waited, deadline])) === 'timeout') {
      await this.call('stop-container', resource, () => container.kill({ signal: 'SIGKILL' }), {
        409: () => undefined,
      });
      await waited;
    }
  }

  async restartContainer(containerId: string, timeoutSeconds?: number): Promise<void> {
    await this.call('restart-container', `container:${shortId(containerId)}`, () =>
      this.docker.getContainer(containerId).restart(timeoutSeconds === undefined ? {} : { t: timeoutSeconds }),
    );
  }

  async killContainer(containerId: string, signal: string): Promise<void> {
    await this.call('kill-container', `container:${shortId(containerId)}`, () =>
      this.docker.getContainer(containerId).kill({ signal }),
    );
  }

  async removeContainer(containerId: string, options: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    await this.call(
      'remove-container',
      `container:${shortId(containerId)}`,
      () =>
        this.docker.getContainer(containerId).remove({ force: options.force ?? false, v: options.volumes ?? false }),
      { 404: () => undefined },
    );
  }

  async renameContainer(containerId: string, newName: string): Promise<void> {
    await this.call('rename-container', `container:${shortId(containerId)}`, () =>
      this.docker.getContainer(containerId).rename({ name: newName }),
    );
  }

  async connectNetwork(networkName: string, containerId: string, aliases: string[]): Promise<void> {
    await this.call('connect-network', `network:${networkName}`, () =>
      this.docker.getNetwork(networkName).connect({ Container: containerId, EndpointConfig: { Aliases: aliases } }),
    );
  }

  async listNetworks(filterLabels: Labels): Promise<NetworkSummary[]> {
    const networks = await this.call('list-networks', 'engine', () =>
      this.docker.listNetworks({ filters: labelFilters(filterLabels) }),
    );
    return networks.map((network) => ({ id: network.Id, name: network.Name, labels: network.Labels ?? {} }));
  }

  async createNetwork(
    name: string,
    labels: Labels,
    options: { driver?: string; internal?: boolean; attachable?: boolean } = {},
  ): Promise<string> {
    const network = await this.call('create-network', `network:${name}`, () =>
      this.docker.createNetwork({
        Name: name,
        Labels: labels,
        CheckDuplicate: true,
        Driver: options.driver ?? 'bridge',
        Internal: options.internal ?? false,
        Attachable: options.attachable ?? false,
      }),
    );
    return network.id;
  }

  async removeNetwork(name: string): Promise<void> {
    await this.call('remove-network', `network:${name}`, () => this.docker.getNetwork(name).remove(), {
      404: () => undefined,
    });
  }

  async listVolumes(filterLabels: Labels): Promise<VolumeSummary[]> {
    const answer = await this.call('list-volumes', 'engine', () =>
      this.docker.listVolumes({ filters: labelFilters(filterLabels) }),
    );
    return (answer.Volumes ?? []).map((volume) => ({ name: volume.Name, labels: volume.Labels ?? {} }));
  }

  async createVolume(
    name: string,
    labels: Labels,
    options: { driver?: string; driverOpts?: Record<string, string> } = {},
  ): Promise<void> {
    await this.call('create-volume', `volume:${name}`, () =>
      this.docker.createVolume({
        Name: name,
        Labels: labels,
        Driver: options.driver ?? 'local',
        DriverOpts: options.driverOpts ?? {},
      }),
    );
  }

  async removeVolume(name: string): Promise<void> {
    await this.call('remove-volume', `volume:${name}`, () => this.docker.getVolume(name).remove(), {
      404: () => undefined,
    });
  }

  async inspectImage(reference: string): Promise<ImageSummary | undefined> {
    const body = await this.call(
      'inspect-image',
      `image:${reference}`,
      async () => (await this.docker.getImage(reference).inspect()) as unknown as Json | undefined,
      { 404: () => undefined },
    );
    if (!body) return undefined;
    const config = (body['Config'] as Json | undefined) ?? {};
    return {
      id: String(body['Id']),
      tags: (body['RepoTags'] as string[] | null) ?? [],
      labels: (config['Labels'] as Labels | null) ?? {},
    };
  }

  async buildImage(spec: BuildSpec, onEvent: (event: BuildEvent) => void): Promise<string> {
    const resource = `image:${spec.tags[0] ?? 'untagged'}`;
    const output = (await this.call('build-image', resource, () =>
      this.docker.buildImage(spec.context, {
        dockerfile: spec.dockerfile,
        t: spec.tags,
        buildargs: spec.args,
        labels: spec.labels,
        rm: true,
        forcerm: true,
        nocache: spec.noCache ?? false,
        ...(spec.pull === true ? { pull: 'true' } : {}),
        ...(spec.target ? { target: spec.target } : {}),
      } as unknown as Docker.ImageBuildOptions),
    )) as unknown as Readable;
    let imageId: string | undefined;
    let failure: string | undefined;
    await forEachJsonLine(output, (message) => {
      const errorText = message['error'];
      if (typeof errorText === 'string') {
        failure = errorText;
        onEvent({ kind: 'error', text: errorText });
        return;
      }
      const text = message['stream'] ?? message['status'];
      if (typeof text === 'string' && text !== '') onEvent({ kind: 'progress', text });
      const aux = message['aux'] as Json | undefined;
      if (aux && typeof aux['ID'] === 'string') imageId = aux['ID'];
    });
    if (failure !== undefined) throw new EngineOperationError('build-image', resource, failure);
    if (imageId === undefined && spec.tags[0]) imageId = (await this.inspectImage(spec.tags[0]))?.id;
    if (imageId === undefined) throw new EngineOperationError('build-image', resource, 'the engine reported no image');
    return imageId;
  }

  async pullImage(reference: string, onEvent: (event: BuildEvent) => void): Promise<void> {
    const resource = `image:${reference}`;
    // A refused pull answers with no JSON body: the registry's words are in the message ("(HTTP code 500) server error - Get ...").
    const output = (await this.call('pull-image', resource, () =>
      this.docker.pull(reference).catch((error: unknown) => {
        const detail = error instanceof Error ? /^\(HTTP code \d+\) [^-]*- (.+)$/s.exec(error.message)?.[1] : undefined;
        if (detail !== undefined && (error as { json?: unknown }).json == null)
          Object.assign(error as object, { json: { message: detail.trim() } });
        throw error;
      }),
    )) as unknown as Readable;
    let failure: string | undefined;
    await forEachJsonLine(output, (message) => {
      const errorText = message['error'];
      if (typeof errorText === 'string') {
        failure = errorText;
        onEvent({ kind: 'error', text: errorText });
        return;
      }
      const status = message['status'];
      if (typeof status === 'string' && status !== '')
        onEvent({
          kind: 'progress',
          text: `${typeof message['id'] === 'string' ? `${message['id']}: ` : ''}${status}\n`,
        });
    });
    if (failure !== undefined) throw new EngineOperationError('pull-image', resource, failure);
  }

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

  async stats(containerId: string): Promise<ContainerStats | undefined> {
    const body = await this.call(
      'stats',
      `container:${shortId(containerId)}`,
      async () => (await this.docker.getContainer(containerId).stats({ stream: false })) as unknown as Json | undefined,
      { 404: () => undefined, 409: () => undefined },
    );
    return body && { cpuPercent: cpuPercentFromStats(body), memoryBytes: memoryBytesFromStats(body) };
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
