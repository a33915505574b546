import { describe, expect, test } from 'vitest';
import { FakeEngine } from '../engine/fake-engine.js';
import { eventually } from '../engine/eventually.js';
import { formatPlan } from './format-plan.js';
import { ProjectRunner, type RunnerEvent } from './project-runner.js';
import { makeProject, makeService } from '@devup/schema/testing';
import { fourServiceProject } from './test-projects.js';
import type { Project } from '@devup/schema';

const setup = (engine = new FakeEngine({ autoHealthy: false })) => {
  const events: RunnerEvent[] = [];
  const runner = new ProjectRunner(engine, (event) => events.push(event), { environment: {}, pollIntervalMs: 1 });
  const startedServices = () => engine.callsOf('start-container').map((call) => call.target);
  const settled = async (project: Project) =>
    expect(formatPlan(await runner.planUp(project, {}))).toBe(`project ${project.name}: up to date, nothing to do`);
  return { engine, events, runner, startedServices, settled };
};

describe('executePlan through up', () => {
  test('a health-gated dependent starts only once its dependency is healthy; independent services go on', async () => {
    const { engine, runner, startedServices, settled } = setup();
    const project = fourServiceProject();
    const up = runner.up(project, {});
    await eventually(() => expect(startedServices()).toEqual(expect.arrayContaining(['shop-db-1', 'shop-cache-1'])));
    expect(startedServices()).not.toContain('shop-web-1');
    engine.setHealth(engine.containerByName('shop-db-1')!.id, 'healthy');
    expect((await up).failed).toEqual([]);
    expect(startedServices().slice(-2)).toEqual(['shop-web-1', 'shop-worker-1']);
    await settled(project);
  });

  test('an unhealthy dependency fails its dependents with the reason, and leaves others alone', async () => {
    const { engine, runner, startedServices } = setup();
    const up = runner.up(fourServiceProject(), {});
    await eventually(() => expect(startedServices()).toContain('shop-db-1'));
    engine.setHealth(engine.containerByName('shop-db-1')!.id, 'unhealthy');
    const result = await up;
    expect(result.failed).toEqual([
      {
        resource: 'service:db',
        error: 'await-healthy service:db failed: dependency db failed to start: container is unhealthy',
      },
      { resource: 'service:web:1', error: 'dependency db failed to start: container is unhealthy' },
      { resource: 'service:worker:1', error: 'not run: start-container service:web:1 failed' },
    ]);
    expect(startedServices()).toContain('shop-cache-1');
  });

  test('a dependency that exits while its dependents wait for healthy fails them with its exit code', async () => {
    const { engine, runner, startedServices } = setup();
    const up = runner.up(fourServiceProject(), {});
    await eventually(() => expect(startedServices()).toContain('shop-db-1'));
    engine.exitContainer(engine.containerByName('shop-db-1')!.id, 137);
    const result = await up;
    expect(result.failed.slice(0, 2)).toEqual([
      {
        resource: 'service:db',
        error: 'await-healthy service:db failed: dependency db failed to start: exited with code 137',
      },
      { resource: 'service:web:1', error: 'dependency db failed to start: exited with code 137' },
    ]);
  });

  test('a dependency its restart policy is restarting is still waited for, and its dependents start once healthy', async () => {
    const { engine, runner, startedServices } = setup();
    const up = runner.up(fourServiceProject(), {});
    await eventually(() => expect(startedServices()).toContain('shop-db-1'));
    const db = engine.containerByName('shop-db-1')!;
    engine.exitContainer(db.id, 1, { restarting: true });
    // Several polls go by while it restarts; then it comes back and turns healthy.
    const before = engine.inspections;
    await eventually(() => expect(engine.inspections).toBeGreaterThan(before + 5));
    db.state = 'running';
    engine.setHealth(db.id, 'healthy');
    expect((await up).failed).toEqual([]);
    expect(startedServices()).toContain('shop-web-1');
  });

  test.each([
    ['exits 0: the dependent starts', 'exit 0', []],
    [
      'exits 3: the dependent does not start',
      'exit 3',
      [
        {
          resource: 'service:migrate',
          error:
            'await-completed service:migrate failed: dependency migrate did not complete successfully: exited with code 3',
        },
        { resource: 'service:api:1', error: 'dependency migrate did not complete successfully: exited with code 3' },
      ],
    ],
  ])('service_completed_successfully when the job %s', async (_name, script, failed) => {
    const { runner, settled } = setup();
    const project = makeProject('jobs', [
      makeService('migrate', { command: ['sh', '-c', script] }),
      makeService('api', { depends_on: { migrate: { condition: 'service_completed_successfully', required: true } } }),
    ]);
    expect((await runner.up(project, {})).failed).toEqual(failed);
    if (failed.length === 0) await settled(project);
  });

  test('an engine failure names the operation and the resource, and fails what depends on it', async () => {
    const { engine, runner, events, settled } = setup(new FakeEngine());
    engine.failures.set('create-network', 'address pools exhausted');
    const project = makeProject('broken', [makeService('api')]);
    const result = await runner.up(project, {});
    expect(result.failed).toEqual([
      {
        resource: 'network:broken_default',
        error: 'create-network network:broken_default failed: address pools exhausted',
      },
      { resource: 'service:api:1', error: 'not run: create-network network:broken_default failed' },
      { resource: 'service:api:1', error: 'not run: create-container service:api:1 failed' },
    ]);
    expect(events.filter((event) => event.kind === 'error').map((event) => event.serviceName)).toEqual([
      undefined,
      'api',
      'api',
    ]);
    expect((await runner.up(project, {})).failed).toEqual([]);
    await settled(project);
  });

  test('progress events follow each step', async () => {
    const { runner, events } = setup(new FakeEngine());
    await runner.up(makeProject('tiny', [makeService('api')]), {});
    expect(events.map((event) => `${event.kind} ${event.text}`).join('\n')).toMatchInlineSnapshot(`
      "plan [] -> #1 network:tiny_default create-network  missing
      [1] -> #2 service:api:1 create-container  missing
      [2] -> #3 service:api:1 start-container  created
      progress [] -> #1 network:tiny_default create-network  missing: started
      progress [] -> #1 network:tiny_default create-network  missing: done
      progress [1] -> #2 service:api:1 create-container  missing: started
      progress [1] -> #2 service:api:1 create-container  missing: done
      progress [2] -> #3 service:api:1 start-container  created: started
      progress [2] -> #3 service:api:1 start-container  created: done"
    `);
  });

  test('a dry run prints the plan and changes nothing', async () => {
    const { engine, runner } = setup(new FakeEngine());
    const result = await runner.up(makeProject('dry', [makeService('api')]), { dryRun: true });
    expect(result.plan.steps).toHaveLength(3);
    expect(engine.calls).toEqual([]);
  });
});

describe('down, stop, start, restart', () => {
  test('down stops dependents first with each service grace period, removes networks, keeps volumes', async () => {
    const { engine, runner } = setup(new FakeEngine());
    await runner.up(fourServiceProject(), {});
    engine.calls.length = 0;
    await runner.down('shop', {});
    const stops = engine.callsOf('stop-container').map((call) => [call.target, call.detail?.['timeoutSeconds']]);
    expect(stops.slice(0, 2)).toEqual([
      ['shop-worker-1', undefined],
      ['shop-web-1', undefined],
    ]);
    expect(stops.slice(2)).toEqual(
      expect.arrayContaining([
        ['shop-cache-1', undefined],
        ['shop-db-1', 20],
      ]),
    );
    expect(engine.containers.size).toBe(0);
    expect(engine.networks.size).toBe(0);
    expect([...engine.volumes.keys()]).toEqual(['shop_data']);
    await runner.up(fourServiceProject(), {});
    engine.calls.length = 0;
    await runner.down('shop', { volumes: true });
    expect(engine.volumes.size).toBe(0);
    expect(new Set(engine.callsOf('remove-container').map((call) => call.detail?.['volumes']))).toEqual(
      new Set([true]),
    );
  });

  test('down --timeout overrides the grace period', async () => {
    const { engine, runner } = setup(new FakeEngine());
    await runner.up(fourServiceProject(), {});
    await runner.down('shop', { timeoutSeconds: 2 });
    expect(new Set(engine.callsOf('stop-container').map((call) => call.detail?.['timeoutSeconds']))).toEqual(
      new Set([2]),
    );
  });

  test('stop then start brings the stack back in dependency order, and up has nothing to do', async () => {
    const { engine, runner, settled } = setup(new FakeEngine());
    const project = fourServiceProject();
    await runner.up(project, {});
    await runner.stop(project, []);
    expect([...engine.containers.values()].map((container) => container.state)).toEqual([
      'exited',
      'exited',
      'exited',
      'exited',
    ]);
    engine.calls.length = 0;
    await runner.start(project, []);
    expect(engine.callsOf('start-container').map((call) => call.target)).toEqual([
      'shop-cache-1',
      'shop-db-1',
      'shop-web-1',
      'shop-worker-1',
    ]);
    await settled(project);
  });

  test('restart also restarts dependents that restart with their dependency, after it', async () => {
    const { engine, runner, events } = setup(new FakeEngine());
    const base = fourServiceProject();
    const project = {
      ...base,
      services: {
        ...base.services,
        worker: {
          ...base.services['worker']!,
          depends_on: { web: { condition: 'service_started' as const, required: true, restart: true } },
        },
      },
    };
    await runner.up(project, {});
    events.length = 0;
    await runner.restart(project, ['web']);
    expect(events[0]?.text).toMatchInlineSnapshot(`
      "[] -> #1 service:web:1 restart-container  restart requested
      [1] -> #2 service:worker:1 restart-container  dependency web was restarted"
    `);
    expect(engine.callsOf('restart-container').map((call) => call.target)).toEqual(['shop-web-1', 'shop-worker-1']);
  });

  test('restart restarts only the named services', async () => {
    const { engine, runner, settled } = setup(new FakeEngine());
    const project = fourServiceProject();
    await runner.up(project, {});
    await runner.restart(project, ['web']);
    expect(engine.callsOf('restart-container').map((call) => call.target)).toEqual(['shop-web-1']);
    await settled(project);
  });
});
