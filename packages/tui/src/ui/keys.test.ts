import type { Key } from 'ink';
import { describe, expect, test } from 'vitest';
import { keyBindings, keyHints, keyToCommand, splitKeys } from './keys.js';

const noKey: Key = {
  upArrow: false,
  downArrow: false,
  leftArrow: false,
  rightArrow: false,
  pageDown: false,
  pageUp: false,
  return: false,
  escape: false,
  ctrl: false,
  shift: false,
  tab: false,
  backspace: false,
  delete: false,
  meta: false,
};
const press = (input: string, key: Partial<Key> = {}): [string, Key] => [input, { ...noKey, ...key }];

describe('keys while browsing', () => {
  test.each([
    ['up arrow', press('', { upArrow: true }), { kind: 'view', action: { type: 'select-previous' } }],
    ['k', press('k'), { kind: 'view', action: { type: 'select-previous' } }],
    ['down arrow', press('', { downArrow: true }), { kind: 'view', action: { type: 'select-next' } }],
    ['j', press('j'), { kind: 'view', action: { type: 'select-next' } }],
    ['enter', press('\r', { return: true }), { kind: 'view', action: { type: 'focus-selected' } }],
    ['a', press('a'), { kind: 'view', action: { type: 'show-all' } }],
    ['r', press('r'), { kind: 'service', command: 'restart' }],
    ['b', press('b'), { kind: 'service', command: 'rebuild' }],
    ['s', press('s'), { kind: 'service', command: 'stop-start' }],
    ['/', press('/'), { kind: 'view', action: { type: 'search-start' } }],
    ['n', press('n'), { kind: 'view', action: { type: 'search-next' } }],
    ['N', press('N', { shift: true }), { kind: 'view', action: { type: 'search-previous' } }],
    ['f', press('f'), { kind: 'view', action: { type: 'toggle-follow' } }],
    ['page up', press('', { pageUp: true }), { kind: 'view', action: { type: 'scroll-up', lines: 'page' } }],
    ['ctrl-d', press('d', { ctrl: true }), { kind: 'view', action: { type: 'scroll-down', lines: 'page' } }],
    ['g', press('g'), { kind: 'view', action: { type: 'scroll-top' } }],
    ['?', press('?'), { kind: 'view', action: { type: 'toggle-help' } }],
    ['esc', press('', { escape: true }), { kind: 'view', action: { type: 'escape' } }],
    ['q', press('q'), { kind: 'quit' }],
    ['ctrl-c', press('c', { ctrl: true }), { kind: 'quit' }],
    ['x', press('x'), undefined],
    ['ctrl-r', press('r', { ctrl: true }), undefined],
  ])('%s', (_name, [input, key], expected) => {
    expect(keyToCommand(input, key, { editingSearch: false })).toEqual(expected);
  });
});

describe('keys while typing a search', () => {
  test.each([
    ['a letter', press('q'), { kind: 'view', action: { type: 'search-type', text: 'q' } }],
    ['pasted text', press('time.*out'), { kind: 'view', action: { type: 'search-type', text: 'time.*out' } }],
    ['enter', press('\r', { return: true }), { kind: 'view', action: { type: 'search-submit' } }],
    ['esc', press('', { escape: true }), { kind: 'view', action: { type: 'escape' } }],
    ['backspace', press('', { backspace: true }), { kind: 'view', action: { type: 'search-erase' } }],
    ['ctrl-c', press('c', { ctrl: true }), { kind: 'quit' }],
    ['an arrow', press('', { upArrow: true }), undefined],
  ])('%s', (_name, [input, key], expected) => {
    expect(keyToCommand(input, key, { editingSearch: true })).toEqual(expected);
  });
});

test('no two bindings answer the same key', () => {
  const probes = ['a', 'b', 'f', 'g', 'G', 'j', 'J', 'k', 'K', 'n', 'N', 'q', 'r', 's', '/', '?'];
  for (const input of probes) {
    expect(keyBindings.filter((binding) => binding.matches(...press(input))).length).toBe(1);
  }
});

test('the footer hints fit 80 columns', () => {
  expect(keyHints.length).toBeLessThanOrEqual(80);
});

describe('input that arrives in one chunk', () => {
  const names = (input: string, key: Partial<Key> = {}): string[] =>
    splitKeys(input, { ...noKey, ...key }).map(([text, parsed]) =>
      parsed.return ? 'enter' : parsed.backspace ? 'backspace' : `${text}${parsed.shift ? '(shift)' : ''}`,
    );

  test.each([
    ['j', ['j']],
    ['j\r', ['j', 'enter']],
    ['/time\r', ['/', 't', 'i', 'm', 'e', 'enter']],
    ['Nn\u007f', ['N(shift)', 'n', 'backspace']],
  ])('%j is %j', (input, expected) => {
    expect(names(input)).toEqual(expected);
  });

  test('esc and a key in one chunk (read as Alt+key) are esc, then the key', () => {
    expect(names('q', { meta: true }).length).toBe(2);
    expect(splitKeys('q', { ...noKey, meta: true })[0]![1].escape).toBe(true);
    expect(names('q', { meta: true })[1]).toBe('q');
  });

  test('a special key stays whole', () => {
    expect(splitKeys('', { ...noKey, upArrow: true })).toEqual([['', { ...noKey, upArrow: true }]]);
  });
});
