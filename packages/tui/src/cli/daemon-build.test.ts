import { describe, expect, test } from 'vitest';
import { judgeDaemonBuild } from './daemon-build.js';

describe('judgeDaemonBuild', () => {
  test.each([
    ['same build', { pid: 7, buildId: '0.1.0+aaaa', commandsRunning: 3 }, 'same'],
    ['another build, idle', { pid: 7, buildId: '0.1.0+bbbb', commandsRunning: 0 }, 'restart'],
    ['an older devd without a build id or a count', { pid: 7 }, 'restart'],
    ['another build, one exec open', { pid: 7, buildId: '0.1.0+bbbb', commandsRunning: 1 }, 'busy'],
  ])('%s: %s', (_name, status, kind) => {
    expect(judgeDaemonBuild('0.1.0+aaaa', status).kind).toBe(kind);
  });

  test('a restart names both builds', () => {
    expect(judgeDaemonBuild('0.1.0+aaaa', { pid: 7, buildId: '0.1.0+bbbb', commandsRunning: 0 })).toEqual({
      kind: 'restart',
      reason: 'devd (pid 7) runs build 0.1.0+bbbb, this dev is build 0.1.0+aaaa',
    });
  });

  test('a busy devd of another build is left alone and the user is told what to run', () => {
    expect(judgeDaemonBuild('0.1.0+aaaa', { pid: 7, buildId: '0.1.0+bbbb', commandsRunning: 2 }))
      .toMatchInlineSnapshot(`
      {
        "kind": "busy",
        "message": "devd (pid 7) runs build 0.1.0+bbbb, this dev is build 0.1.0+aaaa, and it is running 2 commands (another dev up, exec or build); run \`dev daemon stop\` once they finish, then run this command again",
      }
    `);
  });
});
