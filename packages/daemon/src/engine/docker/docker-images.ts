// Image calls of the Docker adapter: inspect, build and pull. A build's and a pull's
// output is a stream of JSON progress lines, read to its end; an error line fails the
// operation with the engine's words.

import type Docker from 'dockerode';
import type { Readable } from 'node:stream';
import type { BuildEvent, BuildSpec, ImageSummary, Labels } from '../engine.js';
import { EngineOperationError } from '../engine-errors.js';
import { forEachJsonLine, type Json } from '../stream-io.js';
import type { DockerClient } from './docker-client.js';
import type { DockerCall } from './docker-call.js';

export class DockerImages {
  constructor(
    private readonly docker: DockerClient,
    private readonly call: DockerCall,
  ) {}

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
    await this.readProgress(output, 'build-image', resource, onEvent, (message) => {
      const text = message['stream'] ?? message['status'];
      if (typeof text === 'string' && text !== '') onEvent({ kind: 'progress', text });
      const aux = message['aux'] as Json | undefined;
      if (aux && typeof aux['ID'] === 'string') imageId = aux['ID'];
    });
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
    await this.readProgress(output, 'pull-image', resource, onEvent, (message) => {
      const status = message['status'];
      if (typeof status === 'string' && status !== '')
        onEvent({
          kind: 'progress',
          text: `${typeof message['id'] === 'string' ? `${message['id']}: ` : ''}${status}\n`,
        });
    });
  }

  /**
   * Reads a build's or pull's progress lines to the end: a line with an error is reported
   * as an error event and fails the operation once the output ends (with the last error);
   * every other line goes to `onMessage`.
   */
  private async readProgress(
    output: Readable,
    operation: string,
    resource: string,
    onEvent: (event: BuildEvent) => void,
    onMessage: (message: Json) => void,
  ): Promise<void> {
    let failure: string | undefined;
    await forEachJsonLine(output, (message) => {
      const errorText = message['error'];
      if (typeof errorText === 'string') {
        failure = errorText;
        onEvent({ kind: 'error', text: errorText });
        return;
      }
      onMessage(message);
    });
    if (failure !== undefined) throw new EngineOperationError(operation, resource, failure);
  }
}
