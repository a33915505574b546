import type { DaemonStatus } from '@devup/daemon/protocol';
import { expect, test } from 'vitest';
import { formatDaemonStatus } from './daemon-command.js';

const status: DaemonStatus = {
  pid: 4100,
  socketPath: '/run/user/1000/devup/devd.sock',
  version: '0.1.0',
  protocol: 1,
  instanceId: '4100-abcd',
  buildId: 'b1',
  startedAt: '2026-12-03T10:00:00.000Z',
  engine: { connected: true, version: '20.10.24' },
  projects: [{ projectName: 'shop', workingDir: '/src/shop', services: 3, watch: true }],
};

test('the status names the log plane process and how often it was restarted', () => {
  expect(formatDaemonStatus({ ...status, logPlane: { pid: 4107, restarts: 0 } }, 'b1')).toBe(
    [
      'devd 0.1.0 running (pid 4100)',
      'socket   /run/user/1000/devup/devd.sock',
      'build    b1',
      'logs     kept by the log plane process (pid 4107)',
      'engine   connected (Docker 20.10.24)',
      'projects shop (3 services, watching)',
    ].join('\n'),
  );
  expect(formatDaemonStatus({ ...status, logPlane: { pid: 4200, restarts: 2 } }, 'b1')).toContain(
    'logs     kept by the log plane process (pid 4200, restarted 2 times)',
  );
  expect(formatDaemonStatus({ ...status, logPlane: { pid: 0, restarts: 1 } }, 'b1')).toContain(
    'logs     kept by the log plane process (being started, restarted 1 time)',
  );
});

test('a devd that keeps its lines itself has no logs line', () => {
  expect(formatDaemonStatus(status, 'b1')).not.toContain('logs ');
});
