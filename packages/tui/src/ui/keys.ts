// Every key binding of the terminal UI, in one table. The help overlay prints this table.

import type { Key } from 'ink';
import type { CommandKey } from '../view/commands.js';
import type { ViewAction } from '../view/view-state.js';

export type KeyCommand =
  { kind: 'view'; action: ViewAction } | { kind: 'service'; command: CommandKey } | { kind: 'quit' };

export interface KeyBinding {
  /** How the help shows the keys. */
  label: string;
  description: string;
  matches(input: string, key: Key): boolean;
  command: KeyCommand;
}

const view = (action: ViewAction): KeyCommand => ({ kind: 'view', action });
const service = (command: CommandKey): KeyCommand => ({ kind: 'service', command });
const plain = (key: Key): boolean => !key.ctrl && !key.meta;
const char =
  (...characters: string[]) =>
  (input: string, key: Key): boolean =>
    plain(key) && characters.includes(input);
const ctrl =
  (character: string) =>
  (input: string, key: Key): boolean =>
    key.ctrl && input === character;

export const keyBindings: readonly KeyBinding[] = [
  {
    label: '↑ ↓  k j',
    description: 'select a service',
    matches: (input, key) => key.upArrow || char('k')(input, key),
    command: view({ type: 'select-previous' }),
  },
  {
    label: '',
    description: '',
    matches: (input, key) => key.downArrow || char('j')(input, key),
    command: view({ type: 'select-next' }),
  },
  {
    label: 'enter',
    description: "show the selected service's logs",
    matches: (_input, key) => key.return,
    command: view({ type: 'focus-selected' }),
  },
  { label: 'a', description: "show all services' logs", matches: char('a'), command: view({ type: 'show-all' }) },
  { label: 'r', description: 'restart the selected service', matches: char('r'), command: service('restart') },
  { label: 'b', description: 'rebuild the selected service', matches: char('b'), command: service('rebuild') },
  { label: 's', description: 'stop / start the selected service', matches: char('s'), command: service('stop-start') },
  { label: '/', description: 'search the logs (regex)', matches: char('/'), command: view({ type: 'search-start' }) },
  { label: 'n', description: 'older match', matches: char('n'), command: view({ type: 'search-next' }) },
  { label: 'N', description: 'newer match', matches: char('N'), command: view({ type: 'search-previous' }) },
  { label: 'f', description: 'follow / pause the logs', matches: char('f'), command: view({ type: 'toggle-follow' }) },
  {
    label: 'pgup ctrl-u',
    description: 'scroll back a page',
    matches: (input, key) => key.pageUp || ctrl('u')(input, key),
    command: view({ type: 'scroll-up', lines: 'page' }),
  },
  {
    label: 'pgdn ctrl-d',
    description: 'scroll forward a page',
    matches: (input, key) => key.pageDown || ctrl('d')(input, key),
    command: view({ type: 'scroll-down', lines: 'page' }),
  },
  { label: 'K J', description: 'scroll one line', matches: char('K'), command: view({ type: 'scroll-up', lines: 1 }) },
  { label: '', description: '', matches: char('J'), command: view({ type: 'scroll-down', lines: 1 }) },
  { label: 'g G', description: 'oldest / newest line', matches: char('g'), command: view({ type: 'scroll-top' }) },
  { label: '', description: '', matches: char('G'), command: view({ type: 'scroll-bottom' }) },
  { label: '?', description: 'this help', matches: char('?'), command: view({ type: 'toggle-help' }) },
  {
    label: 'esc',
    description: 'close help / search / focus / pause',
    matches: (_input, key) => key.escape,
    command: view({ type: 'escape' }),
  },
  {
    label: 'q',
    description: 'quit (the environment keeps running)',
    matches: (input, key) => char('q')(input, key) || ctrl('c')(input, key),
    command: { kind: 'quit' },
  },
];

/** While typing a search: text goes into the query; enter runs it, esc cancels. */
function searchInputCommand(input: string, key: Key): KeyCommand | undefined {
  if (ctrl('c')(input, key)) return { kind: 'quit' };
  if (key.return) return view({ type: 'search-submit' });
  if (key.escape) return view({ type: 'escape' });
  if (key.backspace || key.delete) return view({ type: 'search-erase' });
  if (key.ctrl || key.meta || key.upArrow || key.downArrow || key.leftArrow || key.rightArrow || key.tab) {
    return undefined;
  }
  if (key.pageUp || key.pageDown || input === '') return undefined;
  return view({ type: 'search-type', text: input });
}

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

/**
 * Splits input that arrived in one chunk (fast typing, a paste, `tmux send-keys`) into
 * single key presses, so "j\r" is j then enter and esc+q is esc then q. Special keys come alone
 * and stay as they are.
 */
export function splitKeys(input: string, key: Key): Array<[string, Key]> {
  const characters = [...input];
  // Esc and a key in one chunk reads as Alt+key; nothing here is bound to Alt, so it is both.
  if (key.meta && !key.ctrl && characters.length >= 1 && !characters.includes('\u001b')) {
    return [['', { ...noKey, escape: true }], ...splitKeys(input, { ...key, meta: false })];
  }
  const special = Object.entries(key).some(([name, pressed]) => pressed && name !== 'shift');
  if (characters.length <= 1 || special) return [[input, key]];
  return characters.map((character): [string, Key] => {
    if (character === '\r' || character === '\n') return [character, { ...noKey, return: true }];
    if (character === '\u007f' || character === '\b') return ['', { ...noKey, backspace: true }];
    if (character === '\t') return ['', { ...noKey, tab: true }];
    return [character, { ...noKey, shift: character !== character.toLowerCase() }];
  });
}

export function keyToCommand(input: string, key: Key, mode: { editingSearch: boolean }): KeyCommand | undefined {
  if (mode.editingSearch) return searchInputCommand(input, key);
  return keyBindings.find((binding) => binding.matches(input, key))?.command;
}

/** The short hint line of the footer. */
export const keyHints = '⏎ focus  / search  f follow  r restart  b rebuild  s stop/start  ? help  q quit';
