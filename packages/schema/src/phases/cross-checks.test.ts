import { describe, expect, test } from 'vitest';
import type { TreeMap } from '../tree.js';
import { canonicalizeTree } from './canonical.js';
import { checkSelectedServices, checkServiceGraph } from './cross-checks.js';
import { applyDefaults } from './defaults.js';
import { parseYaml } from './parse.js';
import { buildProject } from './to-model.js';

const crossCheckYaml = (text: string): string[] => {
  const parsed = parseYaml(text, 'dev.yaml');
  const canonical = canonicalizeTree(parsed.tree as TreeMap, parsed.sourceMap).tree;
  const { project } = buildProject({
    tree: applyDefaults(canonical, 'app'),
    sourceMap: parsed.sourceMap,
    workingDir: '/app',
    configFiles: [],
    production: [],
    profiles: [],
  });
  return [...checkServiceGraph(project, parsed.sourceMap), ...checkSelectedServices(project, parsed.sourceMap)].map(
    (issue) =>
      `${issue.line}:${issue.column} ${issue.path}: ${issue.message}${issue.hint === undefined ? '' : ` (${issue.hint})`}`,
  );
};

describe('cross-field checks', () => {
  test.each([
    [
      'an unknown dependency suggests the closest service',
      'services:\n  web: { image: a, depends_on: [dbb] }\n  db: { image: b }\n',
      ['2:33 services.web.depends_on: unknown service "dbb" (did you mean "db"?)'],
    ],
    [
      'a dependency cycle names every step',
      'services:\n  a: { image: a, depends_on: [b] }\n  b: { image: b, depends_on: [c] }\n  c: { image: c, depends_on: [a] }\n',
      ['4:31 services.c.depends_on.a: dependency cycle: a -> b -> c -> a (remove one of these depends_on entries)'],
    ],
    [
      'two services on one host port',
      'services:\n  a: { image: a, ports: ["8080:80"] }\n  b: { image: b, ports: ["127.0.0.1:8080:81"] }\n',
      [
        '3:26 services.b.ports.0: host port 8080/tcp is already published by service "a" (publish a different host port, or drop one of the mappings)',
      ],
    ],
    [
      'the same port on two protocols is fine',
      'services:\n  a: { image: a, ports: ["53:53/udp"] }\n  b: { image: b, ports: ["53:53/tcp"] }\n',
      [],
    ],
    [
      'an undefined named volume',
      'services:\n  a: { image: a, volumes: ["data:/data"] }\n',
      ['2:28 services.a.volumes.0: named volume "data" is not defined (declare it under the top-level "volumes:" key)'],
    ],
    [
      'an undefined network',
      'services:\n  a: { image: a, networks: [back] }\nnetworks:\n  front: {}\n',
      ['2:29 services.a.networks.back: network "back" is not defined (declare it under the top-level "networks:" key)'],
    ],
  ])('%s', (_rule, text, expected) => {
    expect(crossCheckYaml(text)).toEqual(expected);
  });
});
