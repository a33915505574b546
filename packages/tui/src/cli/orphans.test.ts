import { describe, expect, test } from 'vitest';
import { orphanWarning, removeOrphansWanted } from './orphans.js';

describe('removeOrphansWanted', () => {
  test.each([
    [true, {}, true],
    [undefined, {}, false],
    [false, { COMPOSE_REMOVE_ORPHANS: 'true' }, true],
    [undefined, { COMPOSE_REMOVE_ORPHANS: '1' }, true],
    [undefined, { COMPOSE_REMOVE_ORPHANS: 'false' }, false],
  ])('option %s with %j: %s', (option, env, expected) => {
    expect(removeOrphansWanted(option, env)).toBe(expected);
  });
});

describe('orphanWarning', () => {
  test('up names the orphans and the option, as Compose does', () => {
    expect(orphanWarning('up', ['shop-old-1'], {})).toMatchInlineSnapshot(
      `"dev: warning: found orphan containers (shop-old-1) for this project. If you removed or renamed this service in your compose file, run dev up --remove-orphans to clean it up."`,
    );
  });

  test('down also says what it left', () => {
    expect(orphanWarning('down', ['shop-old-1', 'shop-old-2'], {})).toContain(
      '(shop-old-1, shop-old-2) for this project. They were left in place, and so were the networks',
    );
  });

  test.each([
    [[], {}],
    [undefined, {}],
    [['shop-old-1'], { COMPOSE_IGNORE_ORPHANS: 'true' }],
  ])('nothing to say for %j with %j', (orphans, env) => {
    expect(orphanWarning('up', orphans, env)).toBeUndefined();
  });
});
