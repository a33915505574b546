import { describe, expect, test } from 'vitest';
import type { TreeMap } from '../tree.js';
import { applyDefaults } from './defaults.js';
import { parseYaml, stringifyYaml } from './parse.js';

const defaultsYaml = (text: string): string =>
  stringifyYaml(applyDefaults(parseYaml(text, 'c.yaml').tree as TreeMap, 'shop'));

describe('defaults', () => {
  test('a service naming no network joins "default"; resources get the project prefix; external ones keep their name', () => {
    expect(
      defaultsYaml(
        'services:\n  web: { image: a }\n  host: { image: b, network_mode: host }\nvolumes:\n  data: {}\n  shared: { external: true }\nsecrets:\n  key: { file: ./key }\n',
      ),
    ).toMatchInlineSnapshot(`
      "services:
        web:
          image: a
          networks:
            default: null
        host:
          image: b
          network_mode: host
      volumes:
        data:
          name: shop_data
        shared:
          external: true
          name: shared
      secrets:
        key:
          file: ./key
          name: shop_key
      name: shop
      networks:
        default:
          name: shop_default
      configs: {}
      "
    `);
  });
});
