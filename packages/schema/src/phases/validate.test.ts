import { describe, expect, test } from 'vitest';
import { parseYaml } from './parse.js';
import { validateTree } from './validate.js';

const validateYaml = (text: string): string[] => {
  const parsed = parseYaml(text, 'dev.yaml');
  return validateTree(parsed.tree, parsed.sourceMap).issues.map(
    (issue) =>
      `${issue.line}:${issue.column} ${issue.path}: ${issue.message}${issue.hint === undefined ? '' : ` (${issue.hint})`}`,
  );
};

describe('schema errors in the user words', () => {
  test('a valid file has no issue', () => {
    expect(validateYaml('services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n')).toEqual([]);
  });

  test.each([
    [
      'an unknown key names the key and suggests the closest one',
      'services:\n  web:\n    imgae: nginx\n',
      '3:5 services.web.imgae: unknown key "imgae" (did you mean "image"?)',
    ],
    [
      'a wrong type says what was expected and what was found',
      'services:\n  web:\n    image: nginx\n    ports: 80\n',
      '4:12 services.web.ports: must be a list, not the number 80',
    ],
    [
      'one of several forms lists them all',
      'services:\n  web:\n    image: nginx\n    build: 3\n',
      '4:12 services.web.build: must be a string or a mapping, not the number 3',
    ],
    [
      'a value outside a set lists the allowed ones',
      'services:\n  web:\n    image: nginx\n    pull_policy: sometimes\n',
      '4:18 services.web.pull_policy: the string "sometimes" is not allowed here; expected one of "always", "never", "build", "if_not_present", "missing", "refresh", "daily", "weekly"',
    ],
    [
      'an x-dev typo is caught by devup own schema',
      'x-dev:\n  prodution: []\nservices: {}\n',
      '2:3 x-dev.prodution: unknown key "prodution" (did you mean "production"?)',
    ],
  ])('%s', (_rule, text, expected) => {
    expect(validateYaml(text)).toEqual([expected]);
  });

  test('every problem of a file is reported at once', () => {
    expect(validateYaml('services:\n  web:\n    imgae: nginx\n  db:\n    ports: 5432\n')).toHaveLength(2);
  });
});
