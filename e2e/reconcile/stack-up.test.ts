// Scenario: a four-service stack with health-gated dependencies comes up in dependency
// order, its services reach each other by name, a second `up` changes nothing, and
// Docker Compose sees the containers as its own.

import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { afterAll, describe, expect, test } from 'vitest';
import { eventually } from '../../packages/daemon/src/engine/eventually.js';
import { formatPlan } from '../../packages/daemon/src/reconcile/format-plan.js';
import { fourServiceStack, makeRunner, removeProject, uniqueProjectName } from './stack-fixture.js';

const run = promisify(execFile);

describe('a four-service stack with health-gated dependencies', () => {
  const projectName = uniqueProjectName('stack');
  const { engine, runner, events } = makeRunner(projectName);
  const project = fourServiceStack(projectName);

  afterAll(async () => {
    await removeProject(engine, projectName);
  });

  const containerIds = async () =>
    Object.fromEntries(
      (await runner.observe(projectName)).containers.map((container) => [container.summary.name, container.summary.id]),
    );

  test('comes up in dependency order, each dependent after its dependency is healthy', async () => {
    const result = await runner.up(project, {});
    expect(result.failed).toEqual([]);
    const position = (text: string, status: string) =>
      events.findIndex((event) => event.status === status && event.text.includes(text));
    expect(position('service:db await-healthy', 'done')).toBeGreaterThan(
      position('service:db:1 start-container', 'done'),
    );
    expect(position('service:api:1 start-container', 'started')).toBeGreaterThan(
      position('service:db await-healthy', 'done'),
    );
    expect(position('service:web:1 start-container', 'started')).toBeGreaterThan(
      position('service:api await-healthy', 'done'),
    );

    const inspected = Object.fromEntries(
      await Promise.all(
        ['db', 'api', 'web'].map(
          async (serviceName) =>
            [serviceName, await engine.inspectContainer(`${projectName}-${serviceName}-1`)] as const,
        ),
      ),
    );
    expect(Date.parse(inspected['api']!.startedAt!)).toBeGreaterThan(Date.parse(inspected['db']!.startedAt!));
    expect(Date.parse(inspected['web']!.startedAt!)).toBeGreaterThan(Date.parse(inspected['api']!.startedAt!));
    expect(inspected['db']!.health).toBe('healthy');
  });

  test('services reach each other by service name', async () => {
    const web = await engine.inspectContainer(`${projectName}-web-1`);
    const port = web?.ports.find((binding) => binding.containerPort === 8080)?.hostPort;
    // web has no healthcheck: it may still be opening its port.
    const body = await eventually(async () => (await fetch(`http://127.0.0.1:${port}/`)).text(), 10_000, 100);
    expect(body).toBe('web api=[api db=[db] cache=[cache]]');
  });

  test('up again changes nothing: the plan is empty and the containers are the same', async () => {
    const before = await containerIds();
    const again = await runner.up(project, {});
    expect(formatPlan(again.plan)).toBe(`project ${projectName}: up to date, nothing to do`);
    expect(await containerIds()).toEqual(before);
  });

  test('docker compose -p NAME ps lists the containers', async () => {
    const { stdout } = await run('docker', [
      'compose',
      '-p',
      projectName,
      'ps',
      '--format',
      '{{.Name}} {{.Service}} {{.State}}',
    ]);
    expect(stdout.trim().split('\n').sort()).toEqual(
      ['api', 'cache', 'db', 'web'].map((serviceName) => `${projectName}-${serviceName}-1 ${serviceName} running`),
    );
  });
});
