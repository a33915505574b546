import { describe, expect, test } from 'vitest';
import { SourceMap } from '../source-map.js';
import { parseYaml, stringifyYaml } from './parse.js';
import { interpolateTree, substitute } from './interpolate.js';

const env: Record<string, string> = { SET: 'value', EMPTY: '', TAG: '1.25', B: 'bee' };
const lookup = (name: string): string | undefined => env[name];

describe('substitute', () => {
  test.each([
    ['${VAR} is replaced', '${SET}', 'value'],
    ['$VAR without braces is replaced', 'a-$SET-b', 'a-value-b'],
    ['an unset variable becomes empty', '${NOPE}', ''],
    ['${VAR:-d} uses d when unset', '${NOPE:-d}', 'd'],
    ['${VAR:-d} uses d when empty', '${EMPTY:-d}', 'd'],
    ['${VAR-d} uses d only when unset', '${EMPTY-d}', ''],
    ['${VAR-d} keeps a set value', '${SET-d}', 'value'],
    ['${VAR:+alt} uses alt when set and not empty', '${SET:+alt}', 'alt'],
    ['${VAR:+alt} is empty when empty', '${EMPTY:+alt}', ''],
    ['${VAR+alt} uses alt when set, even empty', '${EMPTY+alt}', 'alt'],
    ['${VAR?msg} passes when set', '${SET?msg}', 'value'],
    ['$$ is a literal dollar', 'cost: $$5 and $$SET', 'cost: $5 and $SET'],
    ['defaults nest', '${NOPE:-${ALSO_NOPE:-${B}}}', 'bee'],
    ['a lone $ before a digit stays', 'price $5', 'price $5'],
  ])('%s', (_rule, input, expected) => {
    const result = substitute(input, lookup);
    expect(result.error).toBeUndefined();
    expect(result.value).toBe(expected);
  });

  test.each([
    ['${VAR:?msg} fails when empty', '${EMPTY:?needed}', 'required variable EMPTY is missing a value: needed'],
    ['${VAR?msg} fails when unset', '${NOPE?needed}', 'required variable NOPE is missing a value: needed'],
    ['${} is not a valid expression', '${}', 'invalid interpolation format for "${}": a variable name is required'],
    ['an unclosed brace is an error', '${SET', 'invalid interpolation format "${SET": missing closing brace'],
  ])('%s', (_rule, input, message) => {
    expect(substitute(input, lookup).error).toBe(message);
  });
});

const interpolateYaml = (text: string): { yaml: string; messages: string[] } => {
  const parsed = parseYaml(text, 'compose.yaml');
  const result = interpolateTree({
    tree: parsed.tree,
    sourceMap: parsed.sourceMap ?? new SourceMap({ file: 'x', line: 1, column: 1 }),
    lookup,
  });
  return {
    yaml: stringifyYaml(result.tree),
    messages: result.issues.map((issue) => `${issue.line}:${issue.column} ${issue.message}`),
  };
};

describe('interpolateTree', () => {
  test('values are interpolated, keys are not', () => {
    expect(interpolateYaml('services:\n  ${SET}:\n    image: nginx:${TAG}\n').yaml).toMatchInlineSnapshot(`
      "services:
        \${SET}:
          image: nginx:1.25
      "
    `);
  });

  test('interpolated values at typed paths become booleans and numbers', () => {
    expect(interpolateYaml('services:\n  web:\n    tty: "${T:-true}"\n    deploy: { replicas: "${N:-3}" }\n').yaml)
      .toMatchInlineSnapshot(`
      "services:
        web:
          tty: true
          deploy:
            replicas: 3
      "
    `);
  });

  test('an unset variable is a located warning', () => {
    expect(interpolateYaml('services:\n  web:\n    image: "nginx:${NOPE}"\n').messages).toEqual([
      '3:12 variable "NOPE" is not set; using an empty string',
    ]);
  });
});
