// An API over real parts (log plane in this thread, status store, fake engine) with commands that answer
// at once, for tests that listen on a real socket.

import { createMemoryLog } from '../../src/daemon-log.js';
import type { ApiDeps, ProjectCommands } from '../../src/api/api-deps.js';
import { FakeEngine } from '../../src/engine/fake-engine.js';
import { LogHub } from '../../src/logs/log-hub.js';
import { LocalLogPlane } from '../../src/logs/log-plane.js';
import type { Activity } from '../../src/protocol/messages.js';
import { StatusStore } from '../../src/status/status-store.js';
import { createTopic } from '../../src/status/topic.js';

const emptyStatus = { projectName: 'shop', workingDir: '/src/shop', configFiles: [], services: [], configIssues: [] };

export const answeringCommands: ProjectCommands = {
  up: async () => ({ projectName: 'shop', planText: '', failed: [], warnings: [], status: emptyStatus }),
  plan: async () => ({ projectName: 'shop', planText: '', failed: [], warnings: [], status: emptyStatus }),
  down: async () => ({ projectName: 'shop', failed: [] }),
  stop: async () => ({ projectName: 'shop', failed: [] }),
  start: async () => ({ projectName: 'shop', failed: [] }),
  restart: async () => ({ projectName: 'shop', failed: [] }),
  build: async () => ({ projectName: 'shop', failed: [] }),
};

export const makeApiDeps = (overrides: Partial<ApiDeps> = {}): ApiDeps => {
  const plane = new LocalLogPlane({ hub: new LogHub(1000) });
  return {
    version: '0.1.0',
    instanceId: 'test-1',
    projects: answeringCommands,
    store: new StatusStore(),
    logs: plane,
    feeds: plane,
    activities: createTopic<Activity>(),
    engine: new FakeEngine(),
    daemonStatus: () => ({
      pid: 42,
      socketPath: '/run/devd.sock',
      version: '0.1.0',
      protocol: 1,
      instanceId: 'test-1',
      startedAt: '2026-01-01T00:00:00.000Z',
      engine: { connected: true },
      projects: [],
    }),
    requestShutdown: () => undefined,
    log: createMemoryLog(),
    ...overrides,
  };
};

/** The hub behind the deps' log plane (made by makeApiDeps), to append lines to. */
export const hubOf = (deps: Pick<ApiDeps, 'logs'>): LogHub => (deps.logs as LocalLogPlane).hub;
