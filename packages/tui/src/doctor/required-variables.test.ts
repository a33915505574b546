import { describe, expect, test } from 'vitest';
import { findRequiredVariables, unsetRequiredVariables } from './required-variables.js';

const names = (text: string): string[] => findRequiredVariables(text, 'compose.yaml').map((variable) => variable.name);

describe('findRequiredVariables', () => {
  test('finds both forms with their places and messages', () => {
    const text =
      'services:\n  web:\n    image: "shop:${TAG:?TAG must be set}"\n    environment:\n      KEY: ${API_KEY?}\n';
    expect(findRequiredVariables(text, 'compose.yaml')).toEqual([
      { name: 'TAG', rejectsEmpty: true, message: 'TAG must be set', file: 'compose.yaml', line: 3, column: 18 },
      { name: 'API_KEY', rejectsEmpty: false, message: '', file: 'compose.yaml', line: 5, column: 12 },
    ]);
  });

  test.each([
    { name: 'plain references', text: 'a: ${X} ${Y:-d} $Z', expected: [] },
    { name: 'escaped', text: 'a: $${X:?no}', expected: [] },
    { name: 'comment line', text: '  # a: ${X:?no}', expected: [] },
    { name: 'inline comment', text: 'a: b # ${X:?no}', expected: [] },
    { name: 'hash inside quotes is no comment', text: 'a: "b #${X:?no}"', expected: ['X'] },
    { name: 'nested in a default', text: 'a: ${A:-${B:?no}}', expected: [] },
    { name: 'after a closed expression', text: 'a: ${A:-x}${B:?no}', expected: ['B'] },
  ])('$name', ({ text, expected }) => {
    expect(names(text)).toEqual(expected);
  });
});

describe('unsetRequiredVariables', () => {
  const required = findRequiredVariables('a: ${STRICT:?} ${LOOSE?}', 'compose.yaml');
  test.each([
    { values: {}, unset: ['STRICT', 'LOOSE'] },
    { values: { STRICT: '', LOOSE: '' }, unset: ['STRICT'] },
    { values: { STRICT: 'x', LOOSE: 'y' }, unset: [] },
  ])('$values -> $unset', ({ values, unset }) => {
    expect(unsetRequiredVariables(required, values).map((variable) => variable.name)).toEqual(unset);
  });
});
