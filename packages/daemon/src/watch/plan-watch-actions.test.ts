import { describe, expect, test } from 'vitest';
import type { Project, Service, WatchRule } from '@devup/schema';
import { compilePatterns } from './ignore-patterns.js';
import { formatWatchPlans, planInitialSync, planWatchActions } from './plan-watch-actions.js';
import { makeProject, makeService } from '@devup/schema/testing';

const W = '/proj';

function rule(action: WatchRule['action'], path: string, extra: Partial<WatchRule> = {}): WatchRule {
  return { action, path: `${W}/${path}`.replace(/\/$/, ''), ignore: [], include: [], ...extra };
}

function service(name: string, watch: WatchRule[], extra: Partial<Service> = {}): Service {
  return makeService(name, { develop: { watch }, ...extra });
}

function project(...services: Service[]): Project {
  return makeProject('p', services, { working_dir: W, config_files: [`${W}/compose.yaml`] });
}

const stack = project(
  service(
    'web',
    [rule('sync', 'src', { target: '/app/src', ignore: ['*.pyc', 'static/'] }), rule('rebuild', 'requirements.txt')],
    {
      build: { context: W, dockerfile: 'Dockerfile', args: {}, labels: {} },
      dev: { reload: [{ exec: ['touch', '/app/wsgi.py'] }], restart_on: [] },
    },
  ),
  service('worker', [rule('sync+restart', 'src', { target: '/app/src' })], {
    dev: { reload: [], restart_on: [`${W}/lib`] },
  }),
  service('tasks', [rule('sync+exec', 'jobs', { target: '/jobs', exec: { command: ['make', 'reload'] } })]),
  service('cache', [rule('restart', 'conf')]),
  service('db', []),
);

describe('planWatchActions', () => {
  test.each([
    [
      'a source edit syncs web (with its reload) and sync+restarts worker',
      ['/proj/src/app.py'],
      `web: sync 1 path, reload touch /app/wsgi.py  (sync ./src: app.py)
worker: sync 1 path, restart  (sync+restart ./src: app.py)`,
    ],
    [
      'ignored files do nothing for web',
      ['/proj/src/app.pyc', '/proj/src/static/x.css'],
      'worker: sync 2 paths, restart  (sync+restart ./src: app.pyc (+1 more))',
    ],
    [
      'editor temp files and .git do nothing',
      ['/proj/src/.app.py.swp', '/proj/src/app.py~', '/proj/src/4913', '/proj/src/.git/HEAD'],
      '',
    ],
    [
      'a rebuild trigger makes web rebuild and drop its syncs',
      ['/proj/requirements.txt', '/proj/src/a.py'],
      `web: rebuild  (sync ./src: a.py; rebuild ./requirements.txt: requirements.txt)
worker: sync 1 path, restart  (sync+restart ./src: a.py)`,
    ],
    ['a shared library restarts its dependent', ['/proj/lib/util.py'], 'worker: restart  (restart_on ./lib: util.py)'],
    [
      'sync+exec runs the command',
      ['/proj/jobs/a.sh'],
      'tasks: sync 1 path, exec make reload  (sync+exec ./jobs: a.sh)',
    ],
    ['restart copies nothing', ['/proj/conf/x.conf'], 'cache: restart  (restart ./conf: x.conf)'],
    ['unwatched paths do nothing', ['/proj/README.md', '/elsewhere/x'], ''],
  ])('%s', (_name, paths, expected) => {
    expect(formatWatchPlans(planWatchActions(stack, paths))).toBe(expected);
  });

  test('2,000 changed files become one plan per affected service', () => {
    const paths = Array.from({ length: 2000 }, (_, index) => `/proj/src/pkg${index % 20}/f${index}.py`);
    const plans = planWatchActions(stack, paths);
    expect(
      plans.map((plan) => [plan.serviceName, plan.syncs.length, plan.followUps.map((followUp) => followUp.kind)]),
    ).toEqual([
      ['web', 2000, ['exec']],
      ['worker', 2000, ['restart']],
    ]);
  });

  test('sync entries carry the container target and relative name', () => {
    const [web] = planWatchActions(stack, ['/proj/src/pkg/a.py']);
    expect(web?.syncs).toEqual([
      {
        hostPath: '/proj/src/pkg/a.py',
        hostRoot: '/proj/src',
        target: '/app/src',
        relativeName: 'pkg/a.py',
        ignore: ['*.pyc', 'static/'],
        include: [],
      },
    ]);
  });

  test('include lists limit what a rule sees', () => {
    const only = project(service('web', [rule('sync', 'src', { target: '/app', include: ['*.py'] })]));
    expect(formatWatchPlans(planWatchActions(only, ['/proj/src/a.txt', '/proj/src/b.py']))).toBe(
      'web: sync 1 path  (sync ./src: b.py)',
    );
  });

  test('a reload recipe replaces the restart of sync+restart; a signal recipe', () => {
    const hup = project(
      service('web', [rule('sync+restart', 'src', { target: '/app' })], {
        dev: { reload: [{ path: `${W}/src`, signal: 'SIGHUP' }], restart_on: [] },
      }),
    );
    expect(formatWatchPlans(planWatchActions(hup, ['/proj/src/a.py']))).toBe(
      'web: sync 1 path, reload SIGHUP  (sync+restart ./src: a.py)',
    );
  });

  test('.dockerignore keeps ignored context files from triggering a rebuild; the Dockerfile always does', () => {
    const built = project(
      service('api', [rule('rebuild', '')], { build: { context: W, dockerfile: 'Dockerfile', args: {}, labels: {} } }),
    );
    const dockerignore = { api: compilePatterns(['*.md', 'Dockerfile'], 'dockerignore') };
    expect(planWatchActions(built, ['/proj/README.md'], { dockerignore })).toEqual([]);
    expect(formatWatchPlans(planWatchActions(built, ['/proj/Dockerfile'], { dockerignore }))).toBe(
      'api: rebuild  (rebuild .: Dockerfile)',
    );
  });
});

describe('planInitialSync', () => {
  test('syncs the whole folder of rules with initial_sync', () => {
    const initial = project(
      service('web', [
        rule('sync+restart', 'src', { target: '/app', initial_sync: true }),
        rule('sync', 'other', { target: '/o' }),
      ]),
    );
    expect(formatWatchPlans(planInitialSync(initial))).toBe('web: sync 1 path  (initial sync ./src: src)');
  });
});
