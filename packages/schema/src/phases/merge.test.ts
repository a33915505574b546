import { describe, expect, test } from 'vitest';
import { mergeTrees, stripResets, tagLookupFrom } from './merge.js';
import { parseYaml, stringifyYaml } from './parse.js';

/** base.yaml + override.yaml -> merged YAML, by Compose's override rules. */
const mergeYaml = (base: string, override: string): string => {
  const left = parseYaml(base, 'base.yaml');
  const right = parseYaml(override, 'override.yaml');
  const first = stripResets(left.tree, tagLookupFrom(left.tags));
  return stringifyYaml(mergeTrees(first, right.tree, tagLookupFrom(right.tags)));
};

describe('multi-file merge', () => {
  test('mappings merge key by key, scalars from the later file win', () => {
    expect(
      mergeYaml(
        'services:\n  web:\n    image: a\n    restart: always\n',
        'services:\n  web:\n    image: b\n  db:\n    image: pg\n',
      ),
    ).toMatchInlineSnapshot(`
        "services:
          web:
            image: b
            restart: always
          db:
            image: pg
        "
      `);
  });

  test('command, entrypoint and healthcheck.test are replaced, not appended', () => {
    expect(
      mergeYaml(
        'services:\n  web:\n    command: [a, b]\n    healthcheck: { test: [CMD, x], retries: 3 }\n',
        'services:\n  web:\n    command: [c]\n    healthcheck: { test: [CMD, y] }\n',
      ),
    ).toMatchInlineSnapshot(`
        "services:
          web:
            command:
              - c
            healthcheck:
              test:
                - CMD
                - y
              retries: 3
        "
      `);
  });

  test('environment merges by name whatever form each file uses', () => {
    expect(
      mergeYaml(
        'services:\n  web:\n    environment: [A=1, B=1]\n',
        'services:\n  web:\n    environment: { B: "2", C: "3" }\n',
      ),
    ).toMatchInlineSnapshot(`
        "services:
          web:
            environment:
              A: "1"
              B: "2"
              C: "3"
        "
      `);
  });

  test('ports are unique by published port, volumes by container target', () => {
    expect(
      mergeYaml(
        'services:\n  web:\n    ports: ["8080:80", "9000:9000"]\n    volumes: ["./a:/data", "logs:/logs"]\n',
        'services:\n  web:\n    ports: ["8080:80", "8443:443"]\n    volumes: ["./b:/data"]\n',
      ),
    ).toMatchInlineSnapshot(`
      "services:
        web:
          ports:
            - 8080:80
            - 9000:9000
            - 8443:443
          volumes:
            - ./b:/data
            - logs:/logs
      "
    `);
  });

  test('depends_on merges a list with a mapping', () => {
    expect(
      mergeYaml(
        'services:\n  web:\n    depends_on: [db]\n',
        'services:\n  web:\n    depends_on:\n      cache: { condition: service_healthy }\n',
      ),
    ).toMatchInlineSnapshot(`
        "services:
          web:
            depends_on:
              db:
                condition: service_started
                required: true
              cache:
                condition: service_healthy
        "
      `);
  });

  test('!reset removes what earlier files defined', () => {
    expect(
      mergeYaml('services:\n  web:\n    ports: ["80:80"]\n    image: a\n', 'services:\n  web:\n    ports: !reset []\n'),
    ).toMatchInlineSnapshot(`
        "services:
          web:
            image: a
        "
      `);
  });

  test('!override replaces instead of merging', () => {
    expect(
      mergeYaml(
        'services:\n  web:\n    ports: ["80:80"]\n    environment: { A: "1" }\n',
        'services:\n  web:\n    ports: !override ["81:80"]\n    environment: !override { B: "2" }\n',
      ),
    ).toMatchInlineSnapshot(`
        "services:
          web:
            ports:
              - 81:80
            environment:
              B: "2"
        "
      `);
  });
});
