import { describe, expect, test } from 'vitest';
import type { Project, Service } from '../model.js';
import { makeProject, makeService } from '../testing/index.js';
import { compareParity, hasDrift } from './compare-parity.js';
import type { ParityDifference, ParityLocate } from './parity-difference.js';

const workingDir = '/repo/stack';

const productionService = (name: string): Service =>
  makeService(name, {
    image: 'app:1.0',
    build: { context: `${workingDir}/app`, dockerfile: 'Dockerfile', args: {}, labels: {} },
    command: ['serve', '--port', '80'],
    environment: { DEBUG: '0', DB_PASSWORD: 'prod-secret' },
    volumes: [{ type: 'volume', source: 'data', target: '/data' }],
    depends_on: { db: { condition: 'service_healthy', required: true } },
    healthcheck: { test: ['CMD', 'check'], interval: '5s', retries: 3 },
    restart: 'unless-stopped',
    networks: { default: null },
    user: 'app',
  });

const productionProject = (): Project =>
  makeProject('stack', [productionService('web')], {
    working_dir: workingDir,
    config_files: [`${workingDir}/compose.yaml`],
    networks: { default: { name: 'stack_default', labels: {} } },
    volumes: { data: { name: 'stack_data', labels: {} } },
  });

/** The production project with the overlay applied by `change`. */
const overlaid = (change: (project: Project, web: Service) => void): Project => {
  const project = structuredClone(productionProject());
  project.config_files.push(`${workingDir}/dev.yaml`);
  project.dev.production = [`${workingDir}/compose.yaml`];
  const web = project.services['web'];
  if (web === undefined) throw new Error('fixture has no web service');
  change(project, web);
  return project;
};

type Brief = Pick<ParityDifference, 'class' | 'category' | 'change' | 'path' | 'summary'>;

const brief = (differences: ParityDifference[]): Brief[] =>
  differences.map(({ class: kind, category, change, path, summary }) => ({
    class: kind,
    category,
    change,
    path,
    summary,
  }));

describe('compareParity', () => {
  test('the production definition compared with itself has no difference', () => {
    expect(compareParity(productionProject(), productionProject())).toEqual([]);
  });

  test('project bookkeeping (files, x-dev.production, top-level x- keys) is not a difference', () => {
    const effective = overlaid((project) => {
      project.extensions['x-anchors'] = { a: 1 };
    });
    expect(compareParity(productionProject(), effective)).toEqual([]);
  });

  test.each<{ name: string; change: (project: Project, web: Service) => void; expected: Brief[] }>([
    {
      name: 'another image tag is drift',
      change: (_, web) => {
        web.image = 'app:1.1';
      },
      expected: [
        {
          class: 'drift',
          category: 'image',
          change: 'changed',
          path: 'services.web.image',
          summary: 'image: app:1.0 -> app:1.1',
        },
      ],
    },
    {
      name: 'another build target is drift',
      change: (_, web) => {
        if (web.build !== undefined) web.build.target = 'dev';
      },
      expected: [
        {
          class: 'drift',
          category: 'build',
          change: 'added',
          path: 'services.web.build.target',
          summary: 'build.target added: dev',
        },
      ],
    },
    {
      name: 'another command is drift',
      change: (_, web) => {
        web.command = ['serve', '--reload'];
      },
      expected: [
        {
          class: 'drift',
          category: 'command',
          change: 'changed',
          path: 'services.web.command',
          summary: 'command: serve --port 80 -> serve --reload',
        },
      ],
    },
    {
      name: 'an entrypoint production does not have is drift',
      change: (_, web) => {
        web.entrypoint = ['/bin/sh', '-c'];
      },
      expected: [
        {
          class: 'drift',
          category: 'entrypoint',
          change: 'added',
          path: 'services.web.entrypoint',
          summary: 'entrypoint added: /bin/sh -c',
        },
      ],
    },
    {
      name: 'another environment value is drift',
      change: (_, web) => {
        web.environment['DEBUG'] = '1';
      },
      expected: [
        {
          class: 'drift',
          category: 'environment',
          change: 'changed',
          path: 'services.web.environment.DEBUG',
          summary: 'environment DEBUG: 0 -> 1',
        },
      ],
    },
    {
      name: 'an environment variable production does not set is drift',
      change: (_, web) => {
        web.environment['PROFILE'] = 'on';
      },
      expected: [
        {
          class: 'drift',
          category: 'environment',
          change: 'added',
          path: 'services.web.environment.PROFILE',
          summary: 'environment PROFILE added: on',
        },
      ],
    },
    {
      name: 'a secret-looking value differs without being printed',
      change: (_, web) => {
        web.environment['DB_PASSWORD'] = 'dev-secret';
      },
      expected: [
        {
          class: 'drift',
          category: 'environment',
          change: 'changed',
          path: 'services.web.environment.DB_PASSWORD',
          summary: 'environment DB_PASSWORD: ****** (hidden) -> ****** (hidden)',
        },
      ],
    },
    {
      name: 'a missing healthcheck is drift',
      change: (_, web) => {
        delete web.healthcheck;
      },
      expected: [
        {
          class: 'drift',
          category: 'healthcheck',
          change: 'removed',
          path: 'services.web.healthcheck',
          summary: 'healthcheck missing (production: CMD check)',
        },
      ],
    },
    {
      name: 'a disabled healthcheck is drift',
      change: (_, web) => {
        web.healthcheck = { disable: true };
      },
      expected: [
        {
          class: 'drift',
          category: 'healthcheck',
          change: 'changed',
          path: 'services.web.healthcheck',
          summary: 'healthcheck missing (production: CMD check)',
        },
      ],
    },
    {
      name: 'another healthcheck interval is drift',
      change: (_, web) => {
        if (web.healthcheck !== undefined) web.healthcheck.interval = '30s';
      },
      expected: [
        {
          class: 'drift',
          category: 'healthcheck',
          change: 'changed',
          path: 'services.web.healthcheck.interval',
          summary: 'healthcheck.interval: 5s -> 30s',
        },
      ],
    },
    {
      name: 'another user is drift',
      change: (_, web) => {
        web.user = 'root';
      },
      expected: [
        {
          class: 'drift',
          category: 'user',
          change: 'changed',
          path: 'services.web.user',
          summary: 'user: app -> root',
        },
      ],
    },
    {
      name: 'a dependency condition changed is drift',
      change: (_, web) => {
        web.depends_on['db'] = { condition: 'service_started', required: true };
      },
      expected: [
        {
          class: 'drift',
          category: 'dependency',
          change: 'changed',
          path: 'services.web.depends_on.db.condition',
          summary: 'depends_on db.condition: service_healthy -> service_started',
        },
      ],
    },
    {
      name: 'a port published on loopback is an overlay',
      change: (_, web) => {
        web.ports.push({ mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8000', protocol: 'tcp' });
      },
      expected: [
        {
          class: 'overlay',
          category: 'port',
          change: 'added',
          path: 'services.web.ports',
          summary: 'port added: 127.0.0.1:8000->80/tcp',
        },
      ],
    },
    {
      name: 'a port published on every interface is drift',
      change: (_, web) => {
        web.ports.push({ mode: 'ingress', target: 5678, published: '5678', protocol: 'tcp' });
      },
      expected: [
        {
          class: 'drift',
          category: 'port',
          change: 'added',
          path: 'services.web.ports',
          summary: 'port added: 5678->5678/tcp',
        },
      ],
    },
    {
      name: 'a source bind mount is an overlay',
      change: (_, web) => {
        web.volumes.push({
          type: 'bind',
          source: `${workingDir}/app/src`,
          target: '/app',
          bind: { create_host_path: true },
        });
      },
      expected: [
        {
          class: 'overlay',
          category: 'volume',
          change: 'added',
          path: 'services.web.volumes',
          summary: 'mount added: bind ./app/src:/app',
        },
      ],
    },
    {
      name: 'a bind mount in place of a production volume is drift',
      change: (_, web) => {
        web.volumes = [
          { type: 'bind', source: `${workingDir}/data`, target: '/data', bind: { create_host_path: true } },
        ];
      },
      expected: [
        {
          class: 'drift',
          category: 'volume',
          change: 'changed',
          path: 'services.web.volumes',
          summary: 'mount: volume data:/data -> bind ./data:/data',
        },
      ],
    },
    {
      name: 'a named volume production does not mount is drift',
      change: (_, web) => {
        web.volumes.push({ type: 'volume', source: 'cache', target: '/cache' });
      },
      expected: [
        {
          class: 'drift',
          category: 'volume',
          change: 'added',
          path: 'services.web.volumes',
          summary: 'mount added: volume cache:/cache',
        },
      ],
    },
    {
      name: 'a watch rule is an overlay',
      change: (_, web) => {
        web.develop = {
          watch: [{ action: 'sync', path: `${workingDir}/app/src`, target: '/app', ignore: [], include: [] }],
        };
      },
      expected: [
        {
          class: 'overlay',
          category: 'watch',
          change: 'added',
          path: 'services.web.develop.watch',
          summary: 'watch rule added: sync ./app/src -> /app',
        },
      ],
    },
    {
      name: 'x-dev reload recipes and restart_on folders are overlays',
      change: (_, web) => {
        web.dev = {
          reload: [{ exec: ['touch', '/app/wsgi.py'] }, { signal: 'SIGHUP' }],
          restart_on: [`${workingDir}/shared`],
        };
      },
      expected: [
        {
          class: 'overlay',
          category: 'x-dev',
          change: 'added',
          path: 'services.web.x-dev.reload',
          summary: 'reload recipe added: exec touch /app/wsgi.py',
        },
        {
          class: 'overlay',
          category: 'x-dev',
          change: 'added',
          path: 'services.web.x-dev.reload',
          summary: 'reload recipe added: signal SIGHUP',
        },
        {
          class: 'overlay',
          category: 'x-dev',
          change: 'added',
          path: 'services.web.x-dev.restart_on',
          summary: `restart on added: ${workingDir}/shared`,
        },
      ],
    },
    {
      name: 'a service x- extension is an overlay',
      change: (_, web) => {
        web.extensions['x-team'] = 'payments';
      },
      expected: [
        {
          class: 'overlay',
          category: 'extension',
          change: 'added',
          path: 'services.web.x-team',
          summary: 'x-team added: payments',
        },
      ],
    },
    {
      name: 'a service production does not run is drift',
      change: (project) => {
        project.services['mailcatcher'] = { ...productionService('mailcatcher'), image: 'mailcatcher:1' };
      },
      expected: [
        {
          class: 'drift',
          category: 'service',
          change: 'added',
          path: 'services.mailcatcher',
          summary: 'service added: mailcatcher (production does not run it)',
        },
      ],
    },
    {
      name: 'a service production runs is missing: drift',
      change: (project) => {
        delete project.services['web'];
      },
      expected: [
        {
          class: 'drift',
          category: 'service',
          change: 'removed',
          path: 'services.web',
          summary: 'service removed: web (production runs it)',
        },
      ],
    },
    {
      name: 'a top-level volume with another driver is drift',
      change: (project) => {
        project.volumes['data'] = { name: 'stack_data', driver: 'tmpfs-ish', labels: {} };
      },
      expected: [
        {
          class: 'drift',
          category: 'volume',
          change: 'added',
          path: 'volumes.data.driver',
          summary: 'volume data.driver added: tmpfs-ish',
        },
      ],
    },
    {
      name: 'another replica count is drift',
      change: (_, web) => {
        web.replicas = 2;
      },
      expected: [
        {
          class: 'drift',
          category: 'setting',
          change: 'changed',
          path: 'services.web.deploy.replicas',
          summary: 'replicas: 1 -> 2',
        },
      ],
    },
  ])('$name', ({ change, expected }) => {
    expect(brief(compareParity(productionProject(), overlaid(change)))).toEqual(expected);
  });

  test('a build argument that looks secret differs without being printed', () => {
    const differences = compareParity(
      productionProject(),
      overlaid((_, web) => {
        if (web.build !== undefined) web.build.args['NPM_TOKEN'] = 'abc';
      }),
    );
    expect(brief(differences)).toEqual([
      {
        class: 'drift',
        category: 'build',
        change: 'added',
        path: 'services.web.build.args.NPM_TOKEN',
        summary: 'build.args.NPM_TOKEN added: ****** (hidden)',
      },
    ]);
  });

  test('differences carry JSON values, secrets masked', () => {
    const differences = compareParity(
      productionProject(),
      overlaid((_, web) => {
        web.environment['DB_PASSWORD'] = 'dev-secret';
        web.image = 'app:1.1';
      }),
    );
    expect(differences.map(({ production, effective }) => ({ production, effective }))).toEqual([
      { production: 'app:1.0', effective: 'app:1.1' },
      { production: '******', effective: '******' },
    ]);
    expect(JSON.parse(JSON.stringify(differences))).toEqual(differences);
  });

  test('the example shape (loopback port, watch, reload) has no drift', () => {
    const effective = overlaid((_, web) => {
      web.ports.push({ mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8000', protocol: 'tcp' });
      web.develop = {
        watch: [
          { action: 'sync', path: `${workingDir}/app/src`, target: '/app', ignore: ['**/__pycache__/'], include: [] },
          { action: 'rebuild', path: `${workingDir}/app/Dockerfile`, ignore: [], include: [] },
        ],
      };
      web.dev.reload.push({ exec: ['touch', '/app/intranet/wsgi.py'] });
    });
    const differences = compareParity(productionProject(), effective);
    expect(differences).toHaveLength(4);
    expect(hasDrift(differences)).toBe(false);
  });
});

describe('compareParity locations', () => {
  const lines: Record<string, number> = {
    'services.web.image': 4,
    'services.web.ports.0': 7,
    'services.web': 2,
    'services.web.environment.DEBUG': 11,
  };
  const locate: ParityLocate = (path) => {
    const line = lines[path.join('.')];
    return line === undefined ? undefined : { file: 'dev.yaml', line, column: 5 };
  };
  const locateProduction: ParityLocate = (path) => ({ file: 'compose.yaml', line: path.length * 10, column: 3 });

  test.each<{ name: string; change: (project: Project, web: Service) => void; expected: string[] }>([
    {
      name: 'a changed value points at the overlay line that sets it',
      change: (_, web) => {
        web.image = 'app:dev';
      },
      expected: ['dev.yaml:4:5'],
    },
    {
      name: 'an added list item points at its index in the effective list',
      change: (_, web) => {
        web.ports.push({ mode: 'ingress', host_ip: '127.0.0.1', target: 80, published: '8000', protocol: 'tcp' });
      },
      expected: ['dev.yaml:7:5'],
    },
    {
      name: 'a removed node points at its parent in the effective configuration',
      change: (_, web) => {
        delete web.healthcheck;
      },
      expected: ['dev.yaml:2:5'],
    },
    {
      name: 'a removed node without an effective location falls back to the production file',
      change: (_, web) => {
        delete web.environment['DB_PASSWORD'];
      },
      expected: ['compose.yaml:40:3'],
    },
    {
      name: 'an unknown location is left out',
      change: (_, web) => {
        web.user = 'root';
      },
      expected: ['-'],
    },
  ])('$name', ({ change, expected }) => {
    const differences = compareParity(productionProject(), overlaid(change), { locate, locateProduction });
    expect(
      differences.map(({ location }) =>
        location === undefined ? '-' : `${location.file}:${location.line}:${location.column}`,
      ),
    ).toEqual(expected);
  });
});
