import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { type ProjectFolder, writeProjectFolder } from '../test/helpers/project-folder.js';
import { formatIssues } from './format-issues.js';
import { type LoadOptions, type LoadResult, loadProject } from './load-project.js';
import type { Project } from './model.js';

let folder: ProjectFolder | undefined;
afterEach(() => folder?.remove());

const load = async (
  files: Record<string, string>,
  options: Partial<LoadOptions> = {},
  name = 'app',
): Promise<LoadResult> => {
  folder = writeProjectFolder(files, name);
  return loadProject({ cwd: folder.dir, env: { HOME: '/home/dev' }, ...options });
};

const project = (result: LoadResult): Project => {
  if (!result.ok) throw new Error(formatIssues(result.issues));
  return result.project;
};

describe('discovery', () => {
  test('dev.yaml is preferred over compose.yaml', async () => {
    const result = await load({
      'dev.yaml': 'services: { dev: { image: a } }',
      'compose.yaml': 'services: { prod: { image: b } }',
    });
    expect(Object.keys(project(result).services)).toEqual(['dev']);
  });

  test('compose.override.yaml is merged on top of compose.yaml', async () => {
    const result = await load({
      'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment: { A: "1", B: "1" }\n',
      'compose.override.yaml': 'services:\n  web:\n    environment: { B: "2" }\n',
    });
    expect(project(result).services.web?.environment).toEqual({ A: '1', B: '2' });
    expect(project(result).config_files.map((file) => file.split('/').at(-1))).toEqual([
      'compose.yaml',
      'compose.override.yaml',
    ]);
  });

  test('files named under x-dev.production load first and dev.yaml merges on top', async () => {
    const result = await load({
      'compose.yaml': 'services:\n  web:\n    image: shop:1.4\n    command: gunicorn app\n',
      'dev.yaml': 'x-dev:\n  production: [compose.yaml]\nservices:\n  web:\n    command: python manage.py runserver\n',
    });
    const loaded = project(result);
    expect(loaded.services.web?.image).toBe('shop:1.4');
    expect(loaded.services.web?.command).toEqual(['python', 'manage.py', 'runserver']);
    expect(loaded.dev.production.map((file) => file.split('/').at(-1))).toEqual(['compose.yaml']);
  });

  test('locate answers where a node of the merged files was written, the overlay winning', async () => {
    const result = await load({
      'compose.yaml': 'services:\n  web:\n    image: shop:1.4\n    command: gunicorn app\n',
      'dev.yaml': 'x-dev:\n  production: [compose.yaml]\nservices:\n  web:\n    command: python manage.py runserver\n',
    });
    const at = (path: (string | number)[]): string => {
      const location = result.ok ? result.locate?.(path) : undefined;
      return location === undefined
        ? 'unknown'
        : `${location.file.split('/').at(-1)}:${location.line}:${location.column}`;
    };
    expect([
      at(['services', 'web', 'image']),
      at(['services', 'web', 'command']),
      at(['services', 'web', 'command', 1]),
      at(['services', 'nowhere']), // the nearest located ancestor: services
    ]).toEqual(['compose.yaml:3:12', 'dev.yaml:5:14', 'dev.yaml:5:14', 'dev.yaml:4:3']);
  });

  test('a missing production file is reported where x-dev.production names it', async () => {
    const result = await load({ 'dev.yaml': 'x-dev:\n  production:\n    - prod.yaml\nservices: {}\n' });
    expect(
      result.ok
        ? []
        : result.issues.map((issue) => `${issue.file}:${issue.line}:${issue.column} ${issue.path}: ${issue.message}`),
    ).toEqual(['dev.yaml:3:7 x-dev.production.0: production file prod.yaml not found']);
  });

  test('COMPOSE_FILE names the files, separated by ":"', async () => {
    const result = await load(
      { 'a.yaml': 'services: { web: { image: a } }', 'b.yaml': 'services: { web: { image: b } }' },
      { env: { COMPOSE_FILE: 'a.yaml:b.yaml' } },
    );
    expect(project(result).services.web?.image).toBe('b');
  });

  test('a folder without any configuration file is an error', async () => {
    const result = await load({ 'README.md': 'hello' });
    expect(result.ok ? [] : result.issues.map((issue) => issue.code)).toEqual(['no-config-file']);
  });
});

describe('project name', () => {
  test.each([
    ['the folder name, normalized', false, {}, 'myapp-1'],
    ['the top-level name key', true, {}, 'named'],
    ['COMPOSE_PROJECT_NAME over the name key', true, { env: { COMPOSE_PROJECT_NAME: 'fromenv' } }, 'fromenv'],
    ['-p over everything', true, { projectName: 'Explicit', env: { COMPOSE_PROJECT_NAME: 'fromenv' } }, 'explicit'],
  ] as Array<[string, boolean, Partial<LoadOptions>, string]>)('%s', async (_rule, hasName, options, expected) => {
    const text = `${hasName ? 'name: named\n' : ''}services: { web: { image: a } }`;
    const result = await load({ 'compose.yaml': text }, options, 'My App-1');
    expect(project(result).name).toBe(expected);
  });
});

describe('environment and interpolation', () => {
  test('.env in the project folder feeds interpolation; the passed env wins over it', async () => {
    const result = await load(
      {
        'compose.yaml': 'services: { web: { image: "nginx:${TAG}", environment: { MODE: "${MODE}" } } }',
        '.env': 'TAG=1.25\nMODE=file\n',
      },
      { env: { MODE: 'env' } },
    );
    expect(project(result).services.web?.image).toBe('nginx:1.25');
    expect(project(result).services.web?.environment).toEqual({ MODE: 'env' });
  });

  test('--env-file replaces .env', async () => {
    const result = await load(
      {
        'compose.yaml': 'services: { web: { image: "nginx:${TAG}" } }',
        '.env': 'TAG=dotenv\n',
        'other.env': 'TAG=other\n',
      },
      { envFiles: ['other.env'] },
    );
    expect(project(result).services.web?.image).toBe('nginx:other');
  });

  test('process.env is never read: only the passed env counts', async () => {
    process.env.DEVUP_SCHEMA_TEST_TAG = 'leaked';
    const result = await load({
      'compose.yaml': 'services: { web: { image: "nginx:${DEVUP_SCHEMA_TEST_TAG:-clean}" } }',
    });
    delete process.env.DEVUP_SCHEMA_TEST_TAG;
    expect(project(result).services.web?.image).toBe('nginx:clean');
  });

  test('env_file entries come first, environment overrides them', async () => {
    const result = await load({
      'compose.yaml': 'services:\n  web:\n    image: a\n    env_file: web.env\n    environment: { B: override }\n',
      'web.env': 'A=from-file\nB=from-file\n',
    });
    expect(project(result).services.web?.environment).toEqual({ A: 'from-file', B: 'override' });
  });
});

describe('profiles and service selection', () => {
  const files = {
    'compose.yaml':
      'services:\n  web: { image: a, depends_on: [db] }\n  db: { image: b }\n  debug: { image: c, profiles: [tools] }\n  other: { image: d }\n',
  };

  test('services in a profile are left out unless it is enabled', async () => {
    expect(Object.keys(project(await load(files)).services).sort()).toEqual(['db', 'other', 'web']);
    expect(Object.keys(project(await load(files, { profiles: ['tools'] })).services).sort()).toEqual([
      'db',
      'debug',
      'other',
      'web',
    ]);
  });

  test('COMPOSE_PROFILES enables profiles from the passed env', async () => {
    const result = await load(files, { env: { COMPOSE_PROFILES: 'tools' } });
    expect(project(result).services.debug).toBeDefined();
  });

  test('naming services selects them and their dependencies', async () => {
    expect(Object.keys(project(await load(files, { services: ['web'] })).services).sort()).toEqual(['db', 'web']);
  });

  test('an unknown service name is an error with a suggestion', async () => {
    const result = await load(files, { services: ['wbe'] });
    expect(result.ok ? undefined : result.issues[0]?.hint).toBe('did you mean "web"?');
  });
});

describe('keys devup does not apply', () => {
  test('load fine and are reported once each as a warning naming the key', async () => {
    const result = await load({
      'compose.yaml':
        'services:\n  a: { image: a, cap_add: [NET_ADMIN], privileged: true }\n  b: { image: b, cap_add: [SYS_TIME] }\n',
    });
    const loaded = project(result);
    expect(loaded.services.a?.unapplied).toEqual({ cap_add: ['NET_ADMIN'], privileged: true });
    expect(result.warnings.filter((issue) => issue.code === 'not-applied').map((issue) => issue.path)).toEqual([
      'services.a.cap_add',
      'services.a.privileged',
    ]);
  });

  test('pull_policy is applied: kept on the service, not reported as unapplied', async () => {
    const result = await load({
      'compose.yaml': 'services:\n  a: { image: a, pull_policy: always }\n  b: { image: b, pull_policy: never }\n',
    });
    const loaded = project(result);
    expect([loaded.services.a?.pull_policy, loaded.services.b?.pull_policy]).toEqual(['always', 'never']);
    expect([loaded.services.a?.unapplied, loaded.services.b?.unapplied]).toEqual([undefined, undefined]);
    expect(result.warnings).toEqual([]);
  });
});

describe('include', () => {
  test('included files add their services, with paths relative to their own folder', async () => {
    const result = await load({
      'compose.yaml': 'include:\n  - lib/compose.yaml\nservices:\n  web: { image: a, depends_on: [cache] }\n',
      'lib/compose.yaml': 'services:\n  cache: { image: redis, volumes: ["./data:/data"] }\n',
    });
    const loaded = project(result);
    expect(loaded.services.cache?.volumes[0]).toMatchObject({
      type: 'bind',
      source: join(folder?.dir ?? '', 'lib/data'),
    });
  });
});
