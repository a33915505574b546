import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseDotenv } from './dotenv.js';

const fixtures = join(import.meta.dirname, '../../test/conformance/compose-go/dotenv/fixtures');
const osEnv: Record<string, string> = { VAR_TO_BE_LOADED_FROM_OS_ENV: 'os' };
const parseFixture = (name: string): ReturnType<typeof parseDotenv> =>
  parseDotenv(readFileSync(join(fixtures, name), 'utf8'), (variable) => osEnv[variable]);

describe('.env files follow Compose rules (compose-go dotenv fixtures)', () => {
  test.each([
    [
      'plain values are trimmed and cut at " #"',
      'plain.env',
      {
        '456': 'ABC',
        OPTION_A: '1',
        OPTION_B: '2',
        OPTION_C: '3',
        OPTION_D: '4',
        OPTION_E: '5',
        OPTION_F: '',
        OPTION_G: '',
        OPTION_H: 'my string',
      },
    ],
    [
      'a UTF-8 byte order mark is ignored',
      'utf8-bom.env',
      {
        '456': 'ABC',
        OPTION_A: '1',
        OPTION_B: '2',
        OPTION_C: '3',
        OPTION_D: '4',
        OPTION_E: '5',
        OPTION_F: '',
        OPTION_G: '',
        OPTION_H: 'my string',
      },
    ],
    [
      'single quotes are literal, double quotes unescape, quotes span lines',
      'quoted.env',
      {
        OPTION_A: '1',
        OPTION_B: '2',
        OPTION_C: '',
        OPTION_D: '\\n',
        OPTION_E: '1',
        OPTION_F: '2',
        OPTION_G: '',
        OPTION_H: '\n',
        OPTION_I: "echo 'asd'",
        OPTION_J: 'first line\nsecond line\nthird line\nand so on',
        OPTION_K: "Let's go!",
        OPTION_Z: 'last value',
      },
    ],
    ['export prefixes are dropped', 'exported.env', { OPTION_A: '2', OPTION_B: '\\n' }],
    ['"=" inside a value is kept', 'equals.env', { OPTION_A: 'postgres://localhost:5432/database?sslmode=disable' }],
    [
      'earlier values substitute into later ones',
      'substitutions.env',
      { OPTION_A: '1', OPTION_B: '1', OPTION_C: '1', OPTION_D: '1_1', OPTION_E: '' },
    ],
    [
      'defaults apply in substitutions',
      'substitutions-default.env',
      { OPTION_A: '1', OPTION_B: '1', OPTION_C: '1', OPTION_D: '1_1', OPTION_E: '' },
    ],
    [
      'unquoted phrases keep inner spaces',
      'unquoted.env',
      {
        OPTION_A: 'some quoted phrase',
        OPTION_B: 'first one with an unquoted phrase',
        OPTION_C: 'then another one with an unquoted phrase',
        OPTION_D: 'then another one with an unquoted phrase special è char',
        OPTION_E: 'then another one quoted phrase',
      },
    ],
    [
      'names may hold dots and dashes',
      'special.env',
      { 'VAR.WITH.DOTS': 'dots', VAR_WITH_UNDERSCORES: 'underscores', 'VAR-WITH-DASHES': 'dashes' },
    ],
    [
      'a bare name inherits from the environment',
      'inherited-multi-var.env',
      { foo: 'bar', VAR_TO_BE_LOADED_FROM_OS_ENV: 'os', bar: 'baz' },
    ],
    ['a bare name missing from the environment is skipped', 'inherited-not-found.env', {}],
    ['"KEY: value" is accepted like "KEY=value"', 'custom.format', { FOO: 'BAR', ZOT: 'QIX' }],
  ])('%s', (_rule, file, expected) => {
    const result = parseFixture(file);
    expect(result.error).toBeUndefined();
    expect(result.values).toEqual(expected);
  });

  test('a line that is not NAME=value is an error at its line and column', () => {
    expect(parseFixture('invalid1.env').error).toEqual({
      line: 7,
      column: 9,
      message: 'expected "=" after the variable name "INVALID", found "L"',
    });
  });
});
