import { describe, expect, test } from 'vitest';
import type { LoadedDocument } from '../document.js';
import type { TreeMap } from '../tree.js';
import { applyExtends } from './extends.js';
import { parseYaml, stringifyYaml } from './parse.js';

const documentOf = (text: string, file = 'compose.yaml'): LoadedDocument => {
  const parsed = parseYaml(text, file);
  return { tree: parsed.tree as TreeMap, sourceMap: parsed.sourceMap, tags: parsed.tags, issues: [] };
};

/** Like the loader: a file named by `extends.file` arrives with its own extends applied. */
const extendDocument = (document: LoadedDocument, others: Record<string, string>): LoadedDocument =>
  applyExtends(document, (file) =>
    file in others ? extendDocument(documentOf(others[file] ?? '', file), others) : 'missing',
  );

const extendYaml = (text: string, others: Record<string, string> = {}): { yaml: string; messages: string[] } => {
  const result = extendDocument(documentOf(text), others);
  return {
    yaml: stringifyYaml(result.tree),
    messages: result.issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`),
  };
};

describe('extends', () => {
  test('the base service is merged under the local one by the override rules', () => {
    expect(
      extendYaml(
        'services:\n  base:\n    image: app\n    environment: [A=1]\n    command: [serve]\n  worker:\n    extends: base\n    environment: { B: "2" }\n    command: [work]\n',
      ).yaml,
    ).toMatchInlineSnapshot(`
        "services:
          base:
            image: app
            environment:
              - A=1
            command:
              - serve
          worker:
            image: app
            environment:
              A: "1"
              B: "2"
            command:
              - work
        "
      `);
  });

  test('a base from another file, chained extends included', () => {
    expect(
      extendYaml('services:\n  web:\n    extends: { file: common.yaml, service: app }\n', {
        'common.yaml': 'services:\n  base: { image: a, restart: always }\n  app: { extends: base, image: b }\n',
      }).yaml,
    ).toMatchInlineSnapshot(`
        "services:
          web:
            image: b
            restart: always
        "
      `);
  });

  test.each([
    [
      'an unknown base suggests the closest name',
      'services:\n  base: { image: a }\n  web: { extends: bsae }\n',
      ['3:19 extends: unknown service "bsae"'],
    ],
    [
      'a cycle names its steps',
      'services:\n  a: { extends: b }\n  b: { extends: a }\n',
      ['3:17 extends cycle: a -> b -> a'],
    ],
  ])('%s', (_rule, text, expected) => {
    expect(extendYaml(text).messages).toEqual(expected);
  });
});
