import { expect, test } from 'vitest';
import { createMemoryLog } from '../daemon-log.js';
import { eventually } from '../engine/eventually.js';
import { FakeEngine } from '../engine/fake-engine.js';
import { LogHub } from '../logs/log-hub.js';
import { LogPumps } from '../logs/log-pump.js';
import { EngineFollower } from './engine-follower.js';
import { StatusStore } from './status-store.js';

/** Lists containers as the real engine does: no start time, no restart count, no OOM flag. */
class ListingEngine extends FakeEngine {
  override async listContainers(filterLabels: Record<string, string>) {
    return (await super.listContainers(filterLabels)).map(
      ({ startedAt: _startedAt, oomKilled: _oom, ...container }) => ({
        ...container,
        restartCount: 0,
      }),
    );
  }
}

const setup = async (engine: FakeEngine = new FakeEngine()) => {
  const hub = new LogHub();
  const store = new StatusStore();
  const pumps = new LogPumps(engine, hub, createMemoryLog());
  store.dispatch({
    kind: 'project-loaded',
    projectName: 'shop',
    workingDir: '/src/shop',
    configFiles: [],
    services: [{ serviceName: 'web', hasHealthcheck: false }],
    configIssues: [],
  });
  const follower = new EngineFollower(engine, store, pumps, createMemoryLog(), { projectNames: () => ['shop'] });
  const containerId = await engine.createContainer({
    name: 'shop-web-1',
    image: 'app',
    labels: {
      'com.docker.compose.project': 'shop',
      'com.docker.compose.service': 'web',
      'com.docker.compose.container-number': '1',
    },
    env: [],
    tty: false,
    openStdin: false,
    exposedPorts: [],
    host: { binds: [], mounts: [], portBindings: {}, extraHosts: [] },
  });
  const web = () => store.project('shop')?.services.find((service) => service.serviceName === 'web');
  return { engine, hub, store, pumps, follower, containerId, web };
};

test('engine events move the status and start the log pump of a started container', async () => {
  const { engine, hub, pumps, follower, containerId, web } = await setup();
  follower.start();
  await eventually(() => expect(follower.connection.connected).toBe(true));
  expect(web()?.state).toBe('created');
  await engine.startContainer(containerId);
  await eventually(() => expect(web()?.state).toBe('running'));
  engine.writeOutput(containerId, 'stdout', 'hello\n');
  await eventually(() => expect(hub.tail('shop', 5).map((line) => line.text)).toEqual(['hello']));
  engine.exitContainer(containerId, 3);
  await eventually(() => expect(web()).toMatchObject({ state: 'exited', exitCode: 3 }));
  follower.stop();
  pumps.close();
});

test('after the event stream breaks and comes back, the daemon re-observes what changed meanwhile', async () => {
  const { engine, follower, pumps, containerId, web } = await setup();
  follower.start();
  await eventually(() => expect(follower.connection.connected).toBe(true));
  // A change the event stream never reports: the container is gone from the engine's list.
  engine.containers.get(containerId)!.state = 'running';
  engine.disconnectEvents('engine restarted');
  await eventually(() => expect(web()?.state).toBe('running'));
  expect(follower.connection).toMatchObject({ connected: true });
  follower.stop();
  pumps.close();
});

test('an observed running container has its start time, from one inspect remembered across observations', async () => {
  const { engine, follower, pumps, containerId, web } = await setup(new ListingEngine());
  await engine.startContainer(containerId);
  const startedAt = (await engine.inspectContainer(containerId))?.startedAt;
  expect(startedAt).toBeDefined();
  await follower.observe('shop');
  expect(web()).toMatchObject({ state: 'running', startedAt });
  const inspections = engine.inspections;
  await follower.observe('shop');
  expect(web()?.startedAt).toBe(startedAt);
  expect(engine.inspections).toBe(inspections);
  pumps.close();
});

test('a container killed for memory before its project was followed shows the OOM flag', async () => {
  const { engine, follower, containerId, web } = await setup(new ListingEngine());
  await engine.startContainer(containerId);
  engine.exitContainer(containerId, 137, { oomKilled: true });
  await follower.observe('shop');
  expect(web()).toMatchObject({ state: 'exited', exitCode: 137, oomKilled: true });
});

test('a container inspected while running and then killed for memory unseen shows the OOM flag at the next observe', async () => {
  const { engine, follower, containerId, web } = await setup(new ListingEngine());
  await engine.startContainer(containerId);
  await follower.observe('shop');
  expect(web()).toMatchObject({ state: 'running' });
  // Killed with no event seen (or its events' inspects answered out of order): only the next observe tells.
  engine.exitContainer(containerId, 137, { oomKilled: true });
  await follower.observe('shop');
  expect(web()).toMatchObject({ state: 'exited', exitCode: 137, oomKilled: true });
});

test('a container killed without an OOM (docker kill, exit 137) is inspected again only until its exit settles', async () => {
  let now = 1_000_000;
  const engine = new ListingEngine();
  const { store, pumps, containerId, web } = await setup(engine);
  const settled = new EngineFollower(engine, store, pumps, createMemoryLog(), {
    projectNames: () => ['shop'],
    now: () => now,
  });
  await engine.startContainer(containerId);
  engine.exitContainer(containerId, 137);
  await settled.observe('shop');
  expect(web()).toMatchObject({ state: 'exited', exitCode: 137 });
  const first = engine.inspections;
  now += 1000;
  await settled.observe('shop');
  // Within the settling time the flag may still come: asked again.
  expect(engine.inspections).toBe(first + 1);
  // Settled: not asked again, however many observes follow.
  for (let round = 0; round < 5; round += 1) {
    now += 60_000;
    await settled.observe('shop');
  }
  expect(engine.inspections).toBe(first + 1);
  expect(web()?.oomKilled).toBeUndefined();
  pumps.close();
});

test('an exit 137 the engine marks as an OOM kill only after reporting the exit still gets the flag', async () => {
  const { engine, follower, pumps, containerId, web } = await setup();
  follower.start();
  await eventually(() => expect(follower.connection.connected).toBe(true));
  await engine.startContainer(containerId);
  engine.exitContainer(containerId, 137);
  await eventually(() => expect(web()).toMatchObject({ state: 'exited', exitCode: 137 }));
  expect(web()?.oomKilled).toBeUndefined();
  // The flag appears later, with no event of its own.
  engine.containers.get(containerId)!.oomKilled = true;
  await eventually(() => expect(web()).toMatchObject({ state: 'exited', exitCode: 137, oomKilled: true }), 5000);
  follower.stop();
  pumps.close();
});
