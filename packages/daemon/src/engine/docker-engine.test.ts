// The Docker adapter against a stand-in engine API on a unix socket: what a real engine
// cannot be made to do on demand (drop the event stream, answer with errors).

import { createServer, type Server, type ServerResponse } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { DockerEngine } from './docker-engine.js';
import type { EngineEvent } from './engine.js';
import { EngineOperationError, EngineUnavailableError } from './engine-errors.js';
import { eventually } from './eventually.js';

let folder: string;
let server: Server;
let socketPath: string;
const eventRequests: URL[] = [];
let heldOpen: ServerResponse | undefined;

const event = (action: string, second: number, nano: string) =>
  JSON.stringify({
    Type: 'container',
    Action: action,
    Actor: { ID: 'c1', Attributes: { 'com.docker.compose.project': 'p', exitCode: '3' } },
    time: second,
    timeNano: nano,
  }) + '\n';

beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'devup-engine-'));
  socketPath = join(folder, 'engine.sock');
  eventRequests.length = 0;
  server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://engine');
    if (url.pathname.endsWith('/events')) {
      eventRequests.push(url);
      response.writeHead(200, { 'content-type': 'application/json' });
      if (eventRequests.length === 1) {
        response.write(event('start', 100, '100000000001'));
        response.end(event('die', 100, '100000000002'));
      } else {
        response.write(event('die', 100, '100000000002'));
        response.write(event('start', 101, '101000000000'));
        heldOpen = response;
      }
      return;
    }
    if (url.pathname.endsWith('/containers/missing/stop')) {
      response.writeHead(404, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ message: 'No such container: missing' }));
      return;
    }
    response.writeHead(500, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ message: `unexpected ${request.method} ${url.pathname}` }));
  });
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
});

afterEach(async () => {
  heldOpen?.end();
  heldOpen = undefined;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  await rm(folder, { recursive: true, force: true });
});

describe('DockerEngine', () => {
  test('a dropped event stream is signalled, resumed from the last event time, without repeats', async () => {
    const engine = new DockerEngine({ socketPath });
    const controller = new AbortController();
    const events: EngineEvent[] = [];
    const following = engine.streamEvents({ 'com.docker.compose.project': 'p' }, controller.signal, (received) =>
      events.push(received),
    );
    await eventually(() => expect(events).toHaveLength(5), 5000);
    controller.abort();
    heldOpen?.end();
    await following;
    expect(
      events.map((received) => (received.kind === 'container' ? `${received.action}@${received.time}` : received.kind)),
    ).toEqual(['start@100', 'die@100', 'disconnected', 'reconnected', 'start@101']);
    expect(events[1]).toMatchObject({
      kind: 'container',
      containerId: 'c1',
      exitCode: 3,
      labels: { 'com.docker.compose.project': 'p' },
    });
    expect(eventRequests[1]?.searchParams.get('since')).toBe('100');
    expect(JSON.parse(eventRequests[0]?.searchParams.get('filters') ?? '{}')).toEqual({
      type: ['container'],
      label: ['com.docker.compose.project=p'],
    });
  });

  test('an engine error names the operation and the resource', async () => {
    const error = await new DockerEngine({ socketPath }).stopContainer('missing').catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineOperationError);
    expect((error as Error).message).toBe('stop-container container:missing failed: No such container: missing');
  });

  test('an unreachable engine is an EngineUnavailableError naming where it was looked for', async () => {
    const missing = join(folder, 'nothing.sock');
    const error = await new DockerEngine({ socketPath: missing }).ping().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EngineUnavailableError);
    expect((error as Error).message).toMatch(new RegExp(`^the Docker engine is not reachable at ${missing}: `));
  });
});
