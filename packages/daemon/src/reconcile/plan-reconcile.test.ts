import { describe, expect, test } from 'vitest';
import { FakeEngine } from '../engine/fake-engine.js';
import { formatPlan } from './format-plan.js';
import { ProjectRunner, type RunnerEvent, type UpOptions } from './project-runner.js';
import { PlanError } from './service-order.js';
import { makeProject, makeService } from '@devup/schema/testing';
import { fourServiceProject } from './test-projects.js';
import { definedServices, type Project } from '@devup/schema';

const setup = () => {
  const engine = new FakeEngine();
  const events: RunnerEvent[] = [];
  const runner = new ProjectRunner(engine, (event) => events.push(event), { environment: {}, pollIntervalMs: 1 });
  /** Applies the plan, then checks the steady state: planning again yields nothing. */
  const upAndSettle = async (project: Project, options: UpOptions = {}) => {
    const result = await runner.up(project, options);
    expect(result.failed).toEqual([]);
    expect(formatPlan(await runner.planUp(project, {}))).toBe(`project ${project.name}: up to date, nothing to do`);
    return result.planText;
  };
  const ids = async (projectName: string) =>
    Object.fromEntries(
      (await runner.observe(projectName)).containers.map((container) => [container.summary.name, container.summary.id]),
    );
  return { engine, events, runner, upAndSettle, ids };
};

const withService = (
  project: Project,
  serviceName: string,
  change: (service: Project['services'][string]) => Project['services'][string],
): Project => ({
  ...project,
  services: { ...project.services, [serviceName]: change(project.services[serviceName]!) },
});

describe('planReconcile through up', () => {
  test('a fresh project: networks and volumes, then containers in dependency order with a health gate', async () => {
    const { upAndSettle } = setup();
    expect(await upAndSettle(fourServiceProject())).toMatchInlineSnapshot(`
      "[] -> #1 network:shop_default create-network  missing
      [] -> #2 volume:shop_data create-volume  missing
      [1] -> #3 service:cache:1 create-container  missing
      [3] -> #4 service:cache:1 start-container  created
      [1,2] -> #5 service:db:1 create-container  missing
      [5] -> #6 service:db:1 start-container  created
      [1] -> #7 service:web:1 create-container  missing
      [6] -> #8 service:db await-healthy  web waits for db: healthy
      [4,7,8] -> #9 service:web:1 start-container  created
      [1] -> #10 service:worker:1 create-container  missing
      [9,10] -> #11 service:worker:1 start-container  created"
    `);
  });

  test('up again changes nothing: same containers, empty plan', async () => {
    const { upAndSettle, runner, ids } = setup();
    const project = fourServiceProject();
    await upAndSettle(project);
    const before = await ids('shop');
    const again = await runner.up(project, {});
    expect(again.plan.steps).toEqual([]);
    expect(await ids('shop')).toEqual(before);
  });

  test('changing one environment variable recreates only that service and names the key', async () => {
    const { upAndSettle, ids } = setup();
    const project = fourServiceProject();
    await upAndSettle(project);
    const before = await ids('shop');
    const changed = withService(project, 'web', (web) => ({ ...web, environment: { DEBUG: '1' } }));
    expect(await upAndSettle(changed)).toMatchInlineSnapshot(`
      "[] -> #1 service:web:1 recreate-container  config changed: environment.DEBUG
      [1] -> #2 service:web:1 start-container  recreated"
    `);
    const after = await ids('shop');
    expect(after['shop-web-1']).not.toBe(before['shop-web-1']);
    expect({ ...after, 'shop-web-1': '' }).toEqual({ ...before, 'shop-web-1': '' });
  });

  test('a recreated dependency whose dependents stay as they are gets no wait step', async () => {
    const { upAndSettle } = setup();
    const project = fourServiceProject();
    await upAndSettle(project);
    const changed = withService(project, 'db', (db) => ({ ...db, environment: { TZ: 'UTC' } }));
    expect(await upAndSettle(changed)).toMatchInlineSnapshot(`
      "[] -> #1 service:db:1 recreate-container  config changed: environment.TZ
      [1] -> #2 service:db:1 start-container  recreated"
    `);
  });

  test('a recreated dependency restarts dependents that ask for it (restart: true)', async () => {
    const { upAndSettle } = setup();
    const base = withService(fourServiceProject(), 'worker', (worker) => ({
      ...worker,
      depends_on: { web: { condition: 'service_started', required: true, restart: true } },
    }));
    await upAndSettle(base);
    const changed = withService(base, 'web', (web) => ({ ...web, environment: { DEBUG: '1', LEVEL: 'x' } }));
    expect(await upAndSettle(changed)).toMatchInlineSnapshot(`
      "[] -> #1 service:web:1 recreate-container  config changed: environment.DEBUG, environment.LEVEL
      [1] -> #2 service:web:1 start-container  recreated
      [2] -> #3 service:worker:1 restart-container  dependency web was recreated"
    `);
  });

  test('a service removed from the config is left running and reported (as Compose), removed with removeOrphans', async () => {
    const { upAndSettle, runner } = setup();
    const project = fourServiceProject();
    await upAndSettle(project);
    const { worker: _worker, ...rest } = project.services;
    const smaller = { ...project, services: rest };
    const kept = await runner.up(smaller, {});
    expect(formatPlan(kept.plan)).toBe('project shop: up to date, nothing to do');
    expect(kept.orphans).toEqual(['shop-worker-1']);
    expect(await upAndSettle(smaller, { removeOrphans: true })).toMatchInlineSnapshot(
      `"[] -> #1 service:worker:1 remove-orphan  service removed from config"`,
    );
    expect((await runner.up(smaller, {})).orphans).toEqual([]);
  });

  test.each([
    [{}, 20],
    [{ timeoutSeconds: 3 }, 3],
  ])('a recreate stops the old container after its grace period, or up -t (%j)', async (options, expected) => {
    const { upAndSettle, runner } = setup();
    const project = fourServiceProject();
    await upAndSettle(project);
    const changed = withService(project, 'db', (db) => ({ ...db, environment: { ...db.environment, MODE: 'x' } }));
    const recreate = (await runner.planUp(changed, options)).steps.find(
      (step) => step.operation.kind === 'recreate-container',
    );
    expect(recreate?.operation).toMatchObject({ kind: 'recreate-container', stopTimeoutSeconds: expected });
  });

  test('a service disabled by a profile is not an orphan (as Compose): not reported, not removed on up; down removes it', async () => {
    const { upAndSettle, runner, engine } = setup();
    const project = fourServiceProject();
    await upAndSettle(project);
    const { worker: _worker, ...rest } = project.services;
    const withoutWorker: Project = { ...project, services: rest, disabled_services: ['worker'] };
    expect((await runner.up(withoutWorker, {})).orphans).toEqual([]);
    expect(formatPlan(await runner.planUp(withoutWorker, { removeOrphans: true }))).toBe(
      'project shop: up to date, nothing to do',
    );
    expect([...engine.containers.values()].map((container) => container.spec.name)).toContain('shop-worker-1');
    expect(await runner.down('shop', { services: definedServices(withoutWorker) })).toEqual({ orphans: [] });
    expect([...engine.containers.values()]).toEqual([]);
    expect([...engine.networks.keys()]).toEqual([]);
  });

  test('down leaves orphans, and the networks and volumes, unless removeOrphans', async () => {
    const { upAndSettle, runner, engine } = setup();
    const project = fourServiceProject();
    await upAndSettle(project);
    const services = ['db', 'cache', 'web'];
    expect(await runner.down('shop', { services })).toEqual({ orphans: ['shop-worker-1'] });
    expect([...engine.containers.values()].map((container) => container.spec.name)).toEqual(['shop-worker-1']);
    expect([...engine.networks.keys()]).toEqual(['shop_default']);
    expect(await runner.down('shop', { services, removeOrphans: true })).toEqual({ orphans: [] });
    expect([...engine.containers.values()]).toEqual([]);
    expect([...engine.networks.keys()]).toEqual([]);
  });

  test('replicas scale up and down by container number', async () => {
    const { upAndSettle } = setup();
    const project = makeProject('scale', [makeService('api', { replicas: 3 })]);
    await upAndSettle(project);
    expect(await upAndSettle(withService(project, 'api', (api) => ({ ...api, replicas: 1 })))).toMatchInlineSnapshot(`
      "[] -> #1 service:api:2 scale-down  scaled to 1 replica
      [] -> #2 service:api:3 scale-down  scaled to 1 replica"
    `);
  });

  test('a stopped or failed container is started again; a completed one-shot is left alone', async () => {
    const { upAndSettle, engine, runner } = setup();
    const project = makeProject('jobs', [
      makeService('migrate', { command: ['sh', '-c', 'exit 0'] }),
      makeService('api'),
    ]);
    await upAndSettle(project);
    engine.exitContainer(engine.containerByName('jobs-api-1')!.id, 1);
    expect(formatPlan(await runner.planUp(project, {}))).toBe(
      '[] -> #1 service:api:1 start-container  container exited (1)',
    );
    await upAndSettle(project);
  });

  test('forced recreation and service selection (dependencies come along)', async () => {
    const { upAndSettle } = setup();
    const project = fourServiceProject();
    await upAndSettle(project);
    expect(await upAndSettle(project, { services: ['web'], forceRecreate: true })).toMatchInlineSnapshot(`
      "[] -> #1 service:cache:1 recreate-container  forced (--force-recreate)
      [1] -> #2 service:cache:1 start-container  recreated
      [] -> #3 service:db:1 recreate-container  forced (--force-recreate)
      [3] -> #4 service:db:1 start-container  recreated
      [] -> #5 service:web:1 recreate-container  forced (--force-recreate)
      [4] -> #6 service:db await-healthy  web waits for db: healthy
      [2,5,6] -> #7 service:web:1 start-container  recreated"
    `);
  });

  test.each([
    ['a missing optional dependency is fine', false, undefined],
    [
      'a missing required dependency is an error',
      true,
      'service "web" depends on "search", which is not in the project',
    ],
  ])('%s', async (_name, required, error) => {
    const { runner } = setup();
    const project = makeProject('deps', [
      makeService('web', { depends_on: { search: { condition: 'service_healthy', required } } }),
    ]);
    const planning = runner.planUp(project, {});
    if (error) await expect(planning).rejects.toThrow(new PlanError(error));
    else expect(formatPlan(await planning)).toContain('service:web:1 start-container  created');
  });

  test('leftovers of an interrupted run converge: a duplicate is removed, a temporary name is fixed', async () => {
    const { upAndSettle, engine } = setup();
    const project = makeProject('crash', [makeService('api'), makeService('jobs')]);
    await upAndSettle(project);
    // An interrupted recreate of api: the new container exists under its temporary name.
    const api = engine.containerByName('crash-api-1')!;
    await engine.createContainer({ ...api.spec, name: `${api.id.slice(0, 12)}_crash-api-1` });
    // An interrupted recreate of jobs, later: the old one is gone, the new one kept its temporary name.
    const jobs = engine.containerByName('crash-jobs-1')!;
    const jobsTemporary = await engine.createContainer({ ...jobs.spec, name: `${jobs.id.slice(0, 12)}_crash-jobs-1` });
    await engine.removeContainer(jobs.id, { force: true });
    expect(await upAndSettle(project)).toMatchInlineSnapshot(`
      "[] -> #1 service:api:1 scale-down  duplicate container number
      [] -> #2 service:jobs:1 recreate-container  container is named a8273fe4e6be_crash-jobs-1
      [2] -> #3 service:jobs:1 start-container  recreated"
    `);
    expect(engine.containers.size).toBe(2);
    expect(engine.containerByName('crash-api-1')?.id).toBe(api.id);
    expect(jobsTemporary).not.toBe(engine.containerByName('crash-jobs-1')?.id);
  });

  test('an interrupted recreate is finished after the leftover is removed', async () => {
    const { upAndSettle, engine } = setup();
    const project = makeProject('crash2', [makeService('api')]);
    await upAndSettle(project);
    const api = engine.containerByName('crash2-api-1')!;
    await engine.createContainer({ ...api.spec, name: `${api.id.slice(0, 12)}_crash2-api-1`, env: ['A=2'] });
    const changed = withService(project, 'api', (service) => ({ ...service, environment: { A: '2' } }));
    expect(await upAndSettle(changed)).toMatchInlineSnapshot(`
      "[] -> #1 service:api:1 scale-down  duplicate container number
      [1] -> #2 service:api:1 recreate-container  config changed: environment.A
      [2] -> #3 service:api:1 start-container  recreated"
    `);
  });

  test('a changed image id recreates; the cause says so', async () => {
    const { upAndSettle, engine } = setup();
    const project = makeProject('img', [makeService('api', { image: 'api:latest' })]);
    await upAndSettle(project);
    engine.images.set('api:latest', { id: 'sha256:new', tags: ['api:latest'], labels: {} });
    expect(await upAndSettle(project)).toMatchInlineSnapshot(`
      "[] -> #1 service:api:1 recreate-container  image changed
      [1] -> #2 service:api:1 start-container  recreated"
    `);
  });
});
