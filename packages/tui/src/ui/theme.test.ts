import { expect, test } from 'vitest';
import { colorDisabled, createTheme, serviceColorIndex } from './theme.js';

test.each([
  [{}, false],
  [{ NO_COLOR: '' }, false],
  [{ NO_COLOR: '1' }, true],
  [{ NO_COLOR: 'yes' }, true],
])('NO_COLOR in %o disables colour: %s', (env, expected) => {
  expect(colorDisabled(env)).toBe(expected);
  expect(createTheme(env).colorEnabled).toBe(!expected);
});

test('without colour every semantic colour is unset', () => {
  const theme = createTheme({ NO_COLOR: '1' });
  expect(Object.values(theme.status).every((color) => color === undefined)).toBe(true);
  expect(theme.serviceColor('web')).toBeUndefined();
});

test('a service keeps its colour across sessions, and names spread over the palette', () => {
  expect(createTheme({}).serviceColor('web')).toBe(createTheme({}).serviceColor('web'));
  const names = ['web', 'db', 'worker', 'broker', 'migrate', 'cache', 'api', 'frontend'];
  expect(new Set(names.map((name) => serviceColorIndex(name))).size).toBeGreaterThanOrEqual(4);
});

test('failure and health have their own colours', () => {
  const theme = createTheme({});
  expect(theme.status.failed).not.toBe(theme.status.healthy);
});
