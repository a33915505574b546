import { describe, expect, test } from 'vitest';
import { FakeEngine } from '../engine/fake-engine.js';
import { planRestart, planStop } from './plan-lifecycle.js';
import { ProjectRunner } from './project-runner.js';
import { makeProject, makeService } from '@devup/schema/testing';
import { fourServiceProject } from './test-projects.js';

const observedShop = async () => {
  const runner = new ProjectRunner(new FakeEngine(), () => undefined, { environment: {}, pollIntervalMs: 1 });
  expect((await runner.up(fourServiceProject(), {})).failed).toEqual([]);
  return runner.observe('shop');
};

const timeouts = (plan: ReturnType<typeof planStop>): Record<string, number | undefined> =>
  Object.fromEntries(
    plan.steps.map((step) => [
      step.resource,
      'timeoutSeconds' in step.operation ? step.operation.timeoutSeconds : undefined,
    ]),
  );

describe('stop and restart timeouts (-t)', () => {
  test.each([
    ['stop', undefined, { 'service:db:1': 20, 'service:web:1': undefined }],
    ['stop', 2, { 'service:db:1': 2, 'service:web:1': 2 }],
    ['restart', undefined, { 'service:db:1': 20, 'service:web:1': undefined }],
    ['restart', 0, { 'service:db:1': 0, 'service:web:1': 0 }],
  ] as const)(
    '%s with -t %s: each container waits its own grace period unless -t is given',
    async (verb, timeout, expected) => {
      const observed = await observedShop();
      const plan = (verb === 'stop' ? planStop : planRestart)(observed, ['db', 'web'], timeout);
      expect(timeouts(plan)).toMatchObject(expected);
    },
  );
});

describe('restart --no-deps', () => {
  test.each([
    [
      false,
      [
        'service:db:1 restart-container  restart requested',
        'service:api:1 restart-container  dependency db was restarted',
      ],
    ],
    [true, ['service:db:1 restart-container  restart requested']],
  ])('noDeps %s', async (noDeps, expected) => {
    const runner = new ProjectRunner(new FakeEngine(), () => undefined, { environment: {}, pollIntervalMs: 1 });
    const project = makeProject('deps', [
      makeService('db', {}),
      makeService('api', { depends_on: { db: { condition: 'service_started', required: true, restart: true } } }),
      makeService('other', { depends_on: { db: { condition: 'service_started', required: true } } }),
    ]);
    expect((await runner.up(project, {})).failed).toEqual([]);
    const plan = planRestart(await runner.observe('deps'), ['db'], undefined, noDeps);
    expect(plan.steps.map((step) => `${step.resource} ${step.operation.kind}  ${step.cause}`)).toEqual(expected);
  });
});
