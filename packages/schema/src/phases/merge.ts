// Phase 4, merge: several files (or an extended service) into one tree by Compose's override
// rules. Mappings merge by key; `command`, `entrypoint` and `healthcheck.test` are replaced;
// environment/labels/args merge by variable name whatever form each side uses; ports,
// volumes, secrets, configs, expose... are appended and de-duplicated by their identity
// (published port, container target, ...), the later definition winning. `!reset` removes
// a value, `!override` replaces it without merging.
import type { MergeTag } from './parse.js';
import {
  type Tree,
  type TreeMap,
  type TreePath,
  isList,
  isMap,
  matchesPattern,
  pathKey,
  splitPattern,
} from '../tree.js';

type Rule = 'replace' | 'key-value' | 'depends-on' | 'service-networks' | 'build' | 'unique';
type Indexer = (item: Tree) => string;

const stringOf = (value: Tree | undefined): string => (value === null || value === undefined ? '' : String(value));

const portIndexer: Indexer = (item) => {
  if (isMap(item)) {
    return `${stringOf(item.host_ip)}:${stringOf(item.published)}:${stringOf(item.target)}/${stringOf(item.protocol ?? 'tcp')}`;
  }
  const text = stringOf(item);
  const [address, protocol = 'tcp'] = text.split('/');
  const parts = (address ?? '').split(':');
  const target = parts.pop() ?? '';
  const published = parts.pop() ?? '';
  return `${parts.join(':')}:${published}:${target}/${protocol}`;
};

const volumeIndexer: Indexer = (item) => {
  if (isMap(item)) return stringOf(item.target);
  const parts = stringOf(item).split(':');
  return parts.length === 1 ? (parts[0] ?? '') : (parts[1] ?? '');
};

const mountIndexer =
  (defaultFolder: string): Indexer =>
  (item) => {
    if (isMap(item)) {
      const target = stringOf(item.target);
      if (target !== '') return target.startsWith('/') ? target : `${defaultFolder}/${target}`;
      return `${defaultFolder}/${stringOf(item.source)}`;
    }
    return `${defaultFolder}/${stringOf(item)}`;
  };

const envFileIndexer: Indexer = (item) => (isMap(item) ? stringOf(item.path) : stringOf(item));
const plainIndexer: Indexer = (item) => (isMap(item) ? JSON.stringify(item) : stringOf(item));

const rules: Array<[string[], Rule]> = (
  [
    ['services.*.command', 'replace'],
    ['services.*.entrypoint', 'replace'],
    ['services.*.healthcheck.test', 'replace'],
    ['services.*.environment', 'key-value'],
    ['services.*.labels', 'key-value'],
    ['services.*.annotations', 'key-value'],
    ['services.*.sysctls', 'key-value'],
    ['services.*.build.args', 'key-value'],
    ['services.*.build.labels', 'key-value'],
    ['services.*.deploy.labels', 'key-value'],
    ['networks.*.labels', 'key-value'],
    ['volumes.*.labels', 'key-value'],
    ['services.*.depends_on', 'depends-on'],
    ['services.*.networks', 'service-networks'],
    ['services.*.build', 'build'],
  ] as Array<[string, Rule]>
).map(([pattern, rule]) => [splitPattern(pattern), rule]);

const indexers: Array<[string[], Indexer]> = (
  [
    ['services.*.ports', portIndexer],
    ['services.*.volumes', volumeIndexer],
    ['services.*.secrets', mountIndexer('/run/secrets')],
    ['services.*.configs', mountIndexer('')],
    ['services.*.expose', plainIndexer],
    ['services.*.env_file', envFileIndexer],
    ['services.*.profiles', plainIndexer],
    ['services.*.cap_add', plainIndexer],
    ['services.*.cap_drop', plainIndexer],
    ['services.*.dns', plainIndexer],
    ['services.*.dns_search', plainIndexer],
    ['services.*.dns_opt', plainIndexer],
    ['services.*.extra_hosts', plainIndexer],
    ['services.*.tmpfs', plainIndexer],
    ['services.*.links', plainIndexer],
    ['services.*.devices', plainIndexer],
    ['services.*.networks.*.aliases', plainIndexer],
    ['services.*.build.tags', plainIndexer],
    ['services.*.build.platforms', plainIndexer],
    [
      'services.*.develop.watch',
      (item) => (isMap(item) ? `${stringOf(item.path)}|${stringOf(item.action)}` : plainIndexer(item)),
    ],
  ] as Array<[string, Indexer]>
).map(([pattern, indexer]) => [splitPattern(pattern), indexer]);

const ruleFor = (path: TreePath): Rule | undefined => rules.find(([pattern]) => matchesPattern(path, pattern))?.[1];

/** A list of `KEY=value` strings or a mapping, as a mapping (`KEY` alone -> null). */
export const toKeyValueMap = (value: Tree): TreeMap => {
  if (isMap(value)) return { ...value };
  const result: TreeMap = {};
  if (isList(value)) {
    for (const item of value) {
      const text = stringOf(item);
      const separator = text.indexOf('=');
      if (separator === -1) result[text] = null;
      else result[text.slice(0, separator)] = text.slice(separator + 1);
    }
  }
  return result;
};

const toDependsOnMap = (value: Tree): TreeMap => {
  if (isMap(value)) return { ...value };
  const result: TreeMap = {};
  if (isList(value))
    for (const item of value) result[stringOf(item)] = { condition: 'service_started', required: true };
  return result;
};

const toNetworksMap = (value: Tree): TreeMap => {
  if (isMap(value)) return { ...value };
  const result: TreeMap = {};
  if (isList(value)) for (const item of value) result[stringOf(item)] = null;
  return result;
};

const toBuildMap = (value: Tree): TreeMap => (isMap(value) ? { ...value } : { context: value });

/** Append, then keep one item per identity: the first one's place, the last one's value. */
const mergeUnique = (base: Tree[], override: Tree[], indexer: Indexer): Tree[] => {
  const result: Tree[] = [];
  const positions = new Map<string, number>();
  for (const item of [...base, ...override]) {
    const key = indexer(item);
    const position = positions.get(key);
    if (position === undefined) {
      positions.set(key, result.length);
      result.push(item);
    } else {
      result[position] = item;
    }
  }
  return result;
};

export type TagLookup = (path: TreePath) => MergeTag | undefined;

export const tagLookupFrom =
  (tags: Map<string, MergeTag>): TagLookup =>
  (path) =>
    tags.get(pathKey(path));

const RESET = Symbol('reset');

const mergeMaps = (base: TreeMap, override: TreeMap, tagOf: TagLookup, path: TreePath): TreeMap => {
  const result: TreeMap = { ...base };
  for (const [key, value] of Object.entries(override)) {
    const merged = mergeAt(key in base ? base[key] : undefined, value, tagOf, [...path, key]);
    if (merged === RESET) delete result[key];
    else result[key] = merged;
  }
  return result;
};

const mergeAt = (base: Tree | undefined, override: Tree, tagOf: TagLookup, path: TreePath): Tree | typeof RESET => {
  const tag = tagOf(path);
  if (tag === 'reset') return RESET;
  const cleaned = stripResets(override, tagOf, path);
  if (tag === 'override' || base === undefined) return cleaned;
  const rule = ruleFor(path);
  switch (rule) {
    case 'replace':
      return cleaned;
    case 'key-value':
      return { ...toKeyValueMap(base), ...toKeyValueMap(cleaned) };
    case 'depends-on':
      return mergeMaps(toDependsOnMap(base), toDependsOnMap(override), tagOf, path);
    case 'service-networks':
      return mergeMaps(toNetworksMap(base), toNetworksMap(override), tagOf, path);
    case 'build':
      return mergeMaps(toBuildMap(base), toBuildMap(override), tagOf, path);
    case 'unique':
    case undefined:
      break;
  }
  if (isMap(base) && isMap(override)) return mergeMaps(base, override, tagOf, path);
  if (isList(base) && isList(cleaned)) {
    const indexer = indexers.find(([pattern]) => matchesPattern(path, pattern))?.[1];
    return indexer === undefined ? [...base, ...cleaned] : mergeUnique(base, cleaned, indexer);
  }
  return cleaned;
};

/** Remove the nodes tagged `!reset` from a tree (what a lone file means by them). */
export const stripResets = (tree: Tree, tagOf: TagLookup, path: TreePath = []): Tree => {
  if (isMap(tree)) {
    const result: TreeMap = {};
    for (const [key, value] of Object.entries(tree)) {
      if (tagOf([...path, key]) === 'reset') continue;
      result[key] = stripResets(value, tagOf, [...path, key]);
    }
    return result;
  }
  if (isList(tree)) {
    return tree
      .map((item, index) => ({ item, index }))
      .filter(({ index }) => tagOf([...path, index]) !== 'reset')
      .map(({ item, index }) => stripResets(item, tagOf, [...path, index]));
  }
  return tree;
};

/** Merge `override` onto `base`; both rooted at `path` (a document root by default). */
export const mergeTrees = (base: Tree, override: Tree, tagOf: TagLookup, path: TreePath = []): Tree => {
  const merged = mergeAt(base, override, tagOf, path);
  return merged === RESET ? null : merged;
};
