import { describe, expect, test } from 'vitest';
import { changedConfigKeys, describeConfigChange, fingerprintConfig, flattenConfig } from './config-hash.js';

describe('config fingerprints', () => {
  test('objects flatten to key paths; arrays stay whole', () => {
    expect(flattenConfig({ environment: { DEBUG: '1' }, command: ['a', 'b'], labels: {} })).toEqual({
      'environment.DEBUG': '"1"',
      command: '["a","b"]',
    });
  });

  test.each([
    ['a changed value', { environment: { DEBUG: '0' } }, { environment: { DEBUG: '1' } }, ['environment.DEBUG']],
    ['an added key', { environment: {} }, { environment: { NEW: 'x' } }, ['environment.NEW']],
    ['a removed key', { user: 'app', image: 'a' }, { image: 'a' }, ['user']],
    ['an array changed', { command: ['a'] }, { command: ['a', 'b'] }, ['command']],
    ['nothing', { image: 'a' }, { image: 'a' }, []],
  ])('%s', (_name, before, after, expected) => {
    const keys = changedConfigKeys(fingerprintConfig(before).keyDigests, fingerprintConfig(after).keyDigests);
    expect(keys).toEqual(expected);
    expect(fingerprintConfig(before).hash === fingerprintConfig(after).hash).toBe(expected.length === 0);
  });

  test('key order does not change the hash', () => {
    expect(fingerprintConfig({ a: 1, b: { c: 2, d: 3 } }).hash).toBe(
      fingerprintConfig({ b: { d: 3, c: 2 }, a: 1 }).hash,
    );
  });

  test.each([
    [[], 'config changed'],
    [['environment.DEBUG'], 'config changed: environment.DEBUG'],
    [['a', 'b', 'c', 'd', 'e', 'f'], 'config changed: a, b, c, d and 2 more'],
  ])('cause for %j', (keys, cause) => {
    expect(describeConfigChange(keys)).toBe(cause);
  });
});
