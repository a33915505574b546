import { describe, expect, test } from 'vitest';
import { describeEngineContract } from './engine-contract.js';
import { FakeEngine } from './fake-engine.js';

describeEngineContract('fake', () => new FakeEngine());

const spec = (name: string, healthcheck = false) => ({
  name,
  image: 'app:1',
  labels: { 'com.docker.compose.project': 'p' },
  env: [],
  tty: false,
  openStdin: false,
  exposedPorts: [],
  host: { binds: [], mounts: [], portBindings: {}, extraHosts: [] },
  ...(healthcheck ? { healthcheck: { test: ['CMD', 'true'] } } : {}),
});

describe('FakeEngine driving', () => {
  test('health is driven by the test when autoHealthy is off', async () => {
    const engine = new FakeEngine({ autoHealthy: false });
    const id = await engine.createContainer(spec('db', true));
    await engine.startContainer(id);
    expect((await engine.inspectContainer(id))?.health).toBe('starting');
    engine.setHealth(id, 'healthy');
    expect((await engine.inspectContainer(id))?.health).toBe('healthy');
  });

  test('an injected failure fails the next call only', async () => {
    const engine = new FakeEngine();
    engine.failures.set('start-container', 'no space left on device');
    const id = await engine.createContainer(spec('web'));
    await expect(engine.startContainer(id)).rejects.toThrow(
      'start-container container:web failed: no space left on device',
    );
    await engine.startContainer(id);
    expect((await engine.inspectContainer(id))?.state).toBe('running');
  });

  test('disconnecting the event stream is signalled, then reconnection', async () => {
    const engine = new FakeEngine();
    const controller = new AbortController();
    const kinds: string[] = [];
    const following = engine.streamEvents({}, controller.signal, (event) => kinds.push(event.kind));
    engine.disconnectEvents();
    controller.abort();
    await following;
    expect(kinds).toEqual(['disconnected', 'reconnected']);
  });
});
