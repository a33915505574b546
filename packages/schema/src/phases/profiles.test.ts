import { describe, expect, test } from 'vitest';
import type { TreeMap } from '../tree.js';
import { canonicalizeTree } from './canonical.js';
import { applyDefaults } from './defaults.js';
import { parseYaml } from './parse.js';
import { definedServices, selectServices } from './profiles.js';
import { buildProject } from './to-model.js';

const file = `services:
  web: { image: a, depends_on: [db] }
  db: { image: b }
  debug: { image: c, profiles: [tools], depends_on: [web] }
  seed: { image: d, profiles: [setup] }
  metrics: { image: e, depends_on: [exporter] }
  exporter: { image: f, profiles: [observability] }
`;

const selectProject = (profiles: string[], services: string[] = []) => {
  const parsed = parseYaml(file, 'dev.yaml');
  const tree = applyDefaults(canonicalizeTree(parsed.tree as TreeMap, parsed.sourceMap).tree, 'app');
  const { project } = buildProject({
    tree,
    sourceMap: parsed.sourceMap,
    workingDir: '/app',
    configFiles: [],
    production: [],
    profiles,
  });
  return selectServices({ project, sourceMap: parsed.sourceMap, profiles, services });
};

const select = (profiles: string[], services: string[] = []): string[] => {
  const result = selectProject(profiles, services);
  return [
    ...Object.keys(result.project.services).sort(),
    ...result.issues.map((issue) => `! ${issue.path}: ${issue.message}`),
  ];
};

describe('profiles and service selection', () => {
  test.each([
    [
      'services without profiles always run; a required dependency in a disabled profile is an error',
      [],
      [],
      [
        'db',
        'metrics',
        'web',
        '! services.metrics.depends_on.exporter: service "metrics" depends on "exporter", which is not enabled',
      ],
    ],
    [
      'enabling a profile adds its services',
      ['tools', 'observability'],
      [],
      ['db', 'debug', 'exporter', 'metrics', 'web'],
    ],
    ['"*" enables every profile', ['*'], [], ['db', 'debug', 'exporter', 'metrics', 'seed', 'web']],
    ['a named service runs whatever its profile, with its dependencies', [], ['debug'], ['db', 'debug', 'web']],
  ])('%s', (_rule, profiles, services, expected) => {
    expect(select(profiles, services)).toEqual(expected);
  });

  test.each([
    ['no profile enabled', [], [], ['debug', 'seed', 'exporter']],
    ['"*" enables every profile', ['*'], [], undefined],
    ['a named service and its dependencies', [], ['web'], ['debug', 'seed', 'metrics', 'exporter']],
  ])('services left out stay known as disabled_services: %s', (_case, profiles, services, expected) => {
    expect(selectProject(profiles, services).project.disabled_services).toEqual(expected);
  });

  test('definedServices: the selected services and those left out, every service of the files', () => {
    expect(definedServices(selectProject([]).project).sort()).toEqual([
      'db',
      'debug',
      'exporter',
      'metrics',
      'seed',
      'web',
    ]);
  });
});
