// /v1/exec: runs a command in a service's container and bridges it over a websocket.
// The client sends `start`, then `stdin` (base64), `resize` and `stdin-end`; the daemon
// answers `started`, `stdout`/`stderr` (base64) and finally `exit` with the code.

import { finished } from 'node:stream/promises';
import type { FastifyInstance } from 'fastify';
import type { WebSocket } from '@fastify/websocket';
import type { ExecSession } from '../engine/engine.js';
import { errorMessage } from '../projects/dev-error.js';
import type { ApiErrorCode, ExecClientMessage, ExecServerMessage } from '../protocol/messages.js';
import { NUMBER_LABEL, ONEOFF_LABEL, PROJECT_LABEL, SERVICE_LABEL } from '../status/compose-labels.js';
import type { ApiDeps, ApiLimits } from './api-deps.js';
import { parseExecMessage } from './validate-values.js';

const OUTPUT_DRAIN_MS = 2000;

type StartMessage = Extract<ExecClientMessage, { type: 'start' }>;

export const registerExecRoute = (app: FastifyInstance, deps: ApiDeps, limits: ApiLimits): void => {
  app.get('/v1/exec', { websocket: true }, (socket: WebSocket) => {
    let session: ExecSession | undefined;
    let starting = false;
    const pendingInput: ExecClientMessage[] = [];
    const send = (message: ExecServerMessage): void => {
      if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
    };
    const fail = (code: ApiErrorCode, message: string): void => {
      send({ type: 'error', code, message });
      socket.close(1000);
    };

    const apply = (message: ExecClientMessage): void => {
      if (session === undefined) {
        pendingInput.push(message);
        return;
      }
      switch (message.type) {
        case 'stdin':
          session.stdin?.write(Buffer.from(message.data, 'base64'));
          return;
        case 'stdin-end':
          session.stdin?.end();
          return;
        case 'resize':
          void session.resize?.(message.columns, message.rows).catch(() => undefined);
          return;
        case 'start':
          return;
      }
    };

    const start = async (message: StartMessage): Promise<void> => {
      const containers = await deps.engine.listContainers({
        [PROJECT_LABEL]: message.projectName,
        [SERVICE_LABEL]: message.serviceName,
      });
      const index = message.index ?? 1;
      const container = containers.find(
        (candidate) =>
          candidate.labels[ONEOFF_LABEL] !== 'True' &&
          (Number.parseInt(candidate.labels[NUMBER_LABEL] ?? '1', 10) || 1) === index &&
          candidate.state === 'running',
      );
      if (container === undefined) {
        fail(
          'DEV_ERR_NOT_FOUND',
          `service "${message.serviceName}" has no running container${index > 1 ? ` number ${index}` : ''}`,
        );
        return;
      }
      const opened = await deps.engine.exec(container.id, {
        cmd: message.cmd,
        tty: message.tty,
        attachStdin: message.interactive,
        ...(message.user !== undefined ? { user: message.user } : {}),
        ...(message.workingDir !== undefined ? { workingDir: message.workingDir } : {}),
        ...(message.env !== undefined ? { env: message.env } : {}),
      });
      session = opened;
      send({ type: 'started' });
      if (message.tty && message.columns !== undefined && message.rows !== undefined) {
        void opened.resize?.(message.columns, message.rows).catch(() => undefined);
      }
      opened.stdout.on('data', (chunk: Buffer) => send({ type: 'stdout', data: chunk.toString('base64') }));
      opened.stderr.on('data', (chunk: Buffer) => send({ type: 'stderr', data: chunk.toString('base64') }));
      for (const input of pendingInput.splice(0)) apply(input);
      const code = await opened.exitCode;
      // The exit code may be known before the last output has been read: let the streams drain first.
      await Promise.race([
        Promise.all([finished(opened.stdout), finished(opened.stderr)].map((done) => done.catch(() => undefined))),
        new Promise((resolve) => setTimeout(resolve, OUTPUT_DRAIN_MS)),
      ]);
      send({ type: 'exit', code });
      socket.close(1000);
    };

    socket.on('message', (data: Buffer, isBinary: boolean) => {
      if (data.byteLength > limits.bodyBytes || isBinary) {
        send({
          type: 'error',
          code: isBinary ? 'DEV_ERR_BAD_MESSAGE' : 'DEV_ERR_TOO_LARGE',
          message: isBinary ? 'messages are JSON text' : 'message too large',
        });
        return;
      }
      let raw: unknown;
      try {
        raw = JSON.parse(data.toString('utf8'));
      } catch {
        send({ type: 'error', code: 'DEV_ERR_BAD_MESSAGE', message: 'message is not JSON' });
        return;
      }
      const parsed = parseExecMessage(raw);
      if (!parsed.ok) {
        send({
          type: 'error',
          code: 'unknownType' in parsed ? 'DEV_ERR_UNKNOWN_MESSAGE' : 'DEV_ERR_BAD_MESSAGE',
          message: parsed.message,
        });
        return;
      }
      const message = parsed.value;
      if (message.type === 'start') {
        if (starting) {
          send({ type: 'error', code: 'DEV_ERR_BAD_MESSAGE', message: 'exec already started' });
          return;
        }
        starting = true;
        start(message).catch((error: unknown) =>
          fail('DEV_ERR_ENGINE', `exec in ${message.serviceName} failed: ${errorMessage(error)}`),
        );
        return;
      }
      if (!starting) {
        send({ type: 'error', code: 'DEV_ERR_BAD_MESSAGE', message: 'send "start" first' });
        return;
      }
      apply(message);
    });
    if (deps.inProgress !== undefined) deps.inProgress.execs += 1;
    socket.on('close', () => {
      if (deps.inProgress !== undefined) deps.inProgress.execs = Math.max(0, deps.inProgress.execs - 1);
      session?.stdin?.end();
    });
    socket.on('error', () => socket.terminate());
  });
};
