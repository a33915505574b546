import type { DaemonClient } from '@devup/daemon/client';
import type { CommandResponse, ProjectRef, ServicesRequest, UpRequest } from '@devup/daemon/protocol';
import { describe, expect, test } from 'vitest';
import { createDaemonConnection, toConnectionState } from './daemon-connection.js';

const ref: ProjectRef = { cwd: '/src/shop', files: [], envFiles: [], profiles: [], env: {} };

/** The part of the daemon client the commands use, recording each call. */
function fakeClient(failed: CommandResponse['failed'] = []) {
  const calls: string[] = [];
  const answer = (verb: string) => async (body: ServicesRequest | UpRequest) => {
    calls.push(`${verb} ${body.services.join(',') || '(all)'}${'watch' in body ? ` watch=${String(body.watch)}` : ''}`);
    return { projectName: 'shop', failed };
  };
  const client = {
    socketPath: '/nonexistent/devd.sock',
    restart: answer('restart'),
    stop: answer('stop'),
    start: answer('start'),
    build: answer('build'),
    rebuild: answer('rebuild'),
    up: answer('up'),
    logs: async (projectName: string, query: { tail?: number }) => {
      calls.push(`logs ${projectName} tail=${query.tail}`);
      return { projectName, lastSeq: 0, lines: [] };
    },
    daemonStatus: async () => ({
      projects: [{ projectName: 'shop', workingDir: '/src/shop', services: 3, watch: true }],
    }),
  };
  return { calls, client: client as unknown as DaemonClient };
}

test("history asks for the daemon's buffer of the project", async () => {
  const { calls, client } = fakeClient();
  expect(await createDaemonConnection({ client, projectName: 'shop', ref }).history?.()).toEqual([]);
  expect(calls).toEqual(['logs shop tail=2000']);
});

describe('service commands', () => {
  test('restart, stop and start name one service of the project', async () => {
    const { calls, client } = fakeClient();
    const connection = createDaemonConnection({ client, projectName: 'shop', ref });
    await connection.restart('web');
    await connection.stop('web');
    await connection.start('db');
    expect(calls).toEqual(['restart web', 'stop web', 'start db']);
  });

  test("rebuild asks devd's rebuild route for that service alone (build first, swap on success)", async () => {
    const { calls, client } = fakeClient();
    await createDaemonConnection({ client, projectName: 'shop', ref }).rebuild('web');
    expect(calls).toEqual(['rebuild web']);
  });

  test('a service the daemon reports as failed becomes an error', async () => {
    const { client } = fakeClient([{ serviceName: 'web', message: 'stop-container service:web:1 failed: timeout' }]);
    await expect(createDaemonConnection({ client, projectName: 'shop', ref }).stop('web')).rejects.toThrow(
      'web: stop-container service:web:1 failed: timeout',
    );
  });
});

test.each([
  ['connecting', 'connecting'],
  ['open', 'connected'],
  ['reconnecting', 'disconnected'],
  ['closed', 'disconnected'],
] as const)('stream state %s reads %s', (state, expected) => {
  expect(toConnectionState(state)).toBe(expected);
});
