// Log batches over a real websocket: every client following a project gets the lines in
// `logs` messages whose lines part is built once and sent to each client as the first
// fragment of its message, with the client's own seq in the second. Two clients of the
// real stream client, a real app on a unix socket.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { buildApp } from '../../src/api/build-app.js';
import { openStream, type StreamHandle } from '../../src/client/stream-connection.js';
import { eventually } from '../../src/engine/eventually.js';
import type { LogHub } from '../../src/logs/log-hub.js';
import type { LogLine, ServerMessage } from '../../src/protocol/messages.js';
import { hubOf, makeApiDeps } from '../support/api-fixture.js';

let app: FastifyInstance;
let hub: LogHub;
let socketPath: string;

beforeAll(async () => {
  socketPath = join(mkdtempSync(join(tmpdir(), 'devup-shared-frames-')), 'devd.sock');
  const deps = makeApiDeps();
  hub = hubOf(deps);
  app = await buildApp(deps);
  await app.listen({ path: socketPath });
});

afterAll(async () => {
  await app.close();
});

const follow = (): { handle: StreamHandle; lines: LogLine[]; logsMessages: number } => {
  const received = { lines: [] as LogLine[], logsMessages: 0 };
  const handle = openStream(
    { projectName: 'shop', tail: 0 },
    {
      onMessage: (message: ServerMessage) => {
        if (message.type !== 'logs') return;
        received.logsMessages += 1;
        received.lines.push(...message.lines);
      },
    },
    { socketPath, logBatches: true, reconnect: false },
  );
  return {
    handle,
    get lines() {
      return received.lines;
    },
    get logsMessages() {
      return received.logsMessages;
    },
  };
};

test('two clients get every line, in order, from shared logs frames sent in two fragments', async () => {
  const first = follow();
  const second = follow();
  await Promise.all([first.handle.ready, second.handle.ready]);
  // Let both subscriptions reach the daemon before lines are written.
  await new Promise((resolve) => setTimeout(resolve, 200));
  const texts: string[] = [];
  for (let turn = 0; turn < 50; turn += 1) {
    for (let index = 0; index < 200; index += 1) {
      const text = `line ${turn * 200 + index} "quoted" é 😀\n`;
      texts.push(text);
      hub.append({ projectName: 'shop', serviceName: `s${index % 3}`, replica: 1, stream: 'stdout', time: 't', text });
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
  await eventually(() => {
    expect(first.lines).toHaveLength(texts.length);
    expect(second.lines).toHaveLength(texts.length);
  }, 10_000);
  for (const client of [first, second]) {
    expect(client.lines.map((line) => line.text)).toEqual(texts);
    expect(client.lines.map((line) => line.seq)).toEqual(texts.map((_, index) => index + 1));
    // Batched: far fewer messages than lines.
    expect(client.logsMessages).toBeLessThan(texts.length / 10);
  }
  first.handle.close();
  second.handle.close();
}, 30_000);
