import { describe, expect, test } from 'vitest';
import { parseYaml, stringifyYaml } from './parse.js';

describe('parse', () => {
  test('every node keeps its file:line:col; keys have their own place', () => {
    const parsed = parseYaml('services:\n  web:\n    image: nginx\n    ports:\n      - "80:80"\n', 'dev.yaml');
    expect(parsed.sourceMap.locate(['services', 'web', 'image'])).toEqual({ file: 'dev.yaml', line: 3, column: 12 });
    expect(parsed.sourceMap.locateKey(['services', 'web', 'image'])).toEqual({ file: 'dev.yaml', line: 3, column: 5 });
    expect(parsed.sourceMap.locate(['services', 'web', 'ports', 0])).toEqual({ file: 'dev.yaml', line: 5, column: 9 });
    expect(parsed.sourceMap.locate(['services', 'web', 'ports', 0, 'deeper'])).toEqual({
      file: 'dev.yaml',
      line: 5,
      column: 9,
    });
  });

  test('merge keys (<<) are expanded and explicit keys win', () => {
    const parsed = parseYaml(
      'x-base: &base\n  image: a\n  restart: always\nservices:\n  web:\n    <<: *base\n    image: b\n',
      'c.yaml',
    );
    expect(stringifyYaml(parsed.tree)).toMatchInlineSnapshot(`
      "x-base:
        image: a
        restart: always
      services:
        web:
          image: b
          restart: always
      "
    `);
  });

  test('!reset and !override tags are recorded by path', () => {
    const parsed = parseYaml(
      'services:\n  web:\n    ports: !reset []\n    environment: !override { A: "1" }\n',
      'c.yaml',
    );
    expect([...parsed.tags.entries()].map(([key, tag]) => [key.split('\u0000').join('.'), tag])).toEqual([
      ['services.web.ports', 'reset'],
      ['services.web.environment', 'override'],
    ]);
  });

  test.each([
    ['a duplicate key is reported at the second one', 'a: 1\nb: 2\na: 3\n', '3:1 duplicate key "a"'],
    ['a tab used for indentation is reported', 'a:\n\tb: 1\n', '2:1 tabs are not allowed for indentation'],
    ['an unknown alias is reported where it is used', 'a: *missing\n', '1:4 unknown anchor "missing"'],
  ])('%s', (_rule, text, expected) => {
    const parsed = parseYaml(text, 'c.yaml');
    expect(parsed.issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`)).toEqual([expected]);
  });
});
