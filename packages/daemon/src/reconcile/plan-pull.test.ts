import { describe, expect, test } from 'vitest';
import { FakeEngine } from '../engine/fake-engine.js';
import { formatPlan } from './format-plan.js';
import { effectivePullPolicy } from './pull-policy.js';
import { ProjectRunner, type UpOptions } from './project-runner.js';
import { makeProject, makeService } from '@devup/schema/testing';

describe('effectivePullPolicy: --pull, else pull_policy, else missing', () => {
  test.each([
    [undefined, undefined, 'missing'],
    [undefined, 'never', 'never'],
    [undefined, 'if_not_present', 'missing'],
    [undefined, 'refresh', 'always'],
    [undefined, 'daily', 'missing'],
    [undefined, 'build', 'build'],
    ['always', 'never', 'always'],
    ['never', 'always', 'never'],
  ] as const)('--pull %s, pull_policy %s: %s', (flag, policy, expected) => {
    expect(effectivePullPolicy(flag, policy)).toBe(expected);
  });
});

/** `local:1` is on the engine; `remote:1` only in the fake's registry; `nowhere:1` in neither. */
const setup = () => {
  const engine = new FakeEngine({
    knownImages: (reference) => reference === 'local:1',
    registryImages: (reference) => reference === 'remote:1',
  });
  const runner = new ProjectRunner(engine, () => undefined, { environment: {}, pollIntervalMs: 1 });
  const project = (image: string, pullPolicy?: string) =>
    makeProject('pulls', [
      makeService('app', { image, ...(pullPolicy !== undefined ? { pull_policy: pullPolicy } : {}) }),
    ]);
  const plan = async (image: string, options: UpOptions, pullPolicy?: string) =>
    formatPlan(await runner.planUp(project(image, pullPolicy), options))
      .split('\n')
      .filter((line) => line.includes('image:'));
  return { engine, runner, project, plan };
};

describe('pulling images of services that are not built', () => {
  test.each<[string, UpOptions, string | undefined, string[]]>([
    ['local:1', {}, undefined, []],
    ['remote:1', {}, undefined, ['[] -> #2 image:remote:1 pull-image  image missing']],
    ['remote:1', { pull: 'missing' }, 'never', ['[] -> #2 image:remote:1 pull-image  image missing']],
    [
      'local:1',
      { pull: 'always' },
      undefined,
      ['[] -> #2 image:local:1 pull-image  pull requested (pull policy always)'],
    ],
    ['local:1', {}, 'always', ['[] -> #2 image:local:1 pull-image  pull requested (pull policy always)']],
    ['local:1', { pull: 'never' }, undefined, []],
    [
      'remote:1',
      { pull: 'never' },
      undefined,
      ['[] -> #2 image:remote:1 require-image  image missing (pull policy never)'],
    ],
    ['remote:1', {}, 'never', ['[] -> #2 image:remote:1 require-image  image missing (pull policy never)']],
  ])('%s with %j and pull_policy %s', async (image, options, pullPolicy, expected) => {
    const { plan } = setup();
    expect(await plan(image, options, pullPolicy)).toEqual(expected);
  });

  test('a missing image is pulled before its container is created; then the plan is empty', async () => {
    const { runner, project, engine } = setup();
    const result = await runner.up(project('remote:1'), {});
    expect(result.failed).toEqual([]);
    expect(formatPlan(result.plan)).toContain('[1,2] -> #3 service:app:1 create-container  missing');
    expect(engine.calls.map((call) => call.operation)).toContain('pull-image');
    expect((await runner.planUp(project('remote:1'), {})).steps).toEqual([]);
  });

  test('an image no registry has fails, naming it, and nothing is created', async () => {
    const { runner, project, engine } = setup();
    const result = await runner.up(project('nowhere:1'), {});
    expect(result.failed.map((failure) => failure.error).join('\n')).toContain('nowhere:1');
    expect(engine.containers.size).toBe(0);
  });

  test('never with a missing image fails, saying so, and nothing is pulled or created', async () => {
    const { runner, project, engine } = setup();
    const result = await runner.up(project('remote:1'), { pull: 'never' });
    expect(result.failed.map((failure) => failure.error)).toEqual([
      expect.stringContaining(
        'image remote:1 is not present on this engine and the pull policy is never: build or load it first',
      ),
      'not run: require-image image:remote:1 failed',
      'not run: create-container service:app:1 failed',
    ]);
    expect(engine.calls.map((call) => call.operation)).not.toContain('pull-image');
    expect(engine.containers.size).toBe(0);
  });
});
