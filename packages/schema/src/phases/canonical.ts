// Phase 6, canonical: every short syntax rewritten to Compose's long form. One table keyed
// by path pattern; a new short form is one row and one function.
import type { ConfigIssue } from '../model.js';
import { issueAt } from '../issues.js';
import type { SourceMap } from '../source-map.js';
import { type PathSegment, type Tree, type TreeMap, isList, isMap, splitPattern } from '../tree.js';
import { parseByteSize } from '../forms/byte-size.js';
import { normalizeDuration } from '../forms/duration.js';
import { canonicalPort } from '../forms/port.js';
import { splitShellWords } from '../forms/shell-words.js';
import { canonicalVolume } from '../forms/volume.js';
import { toKeyValueMap } from './merge.js';

export interface CanonicalContext {
  path: PathSegment[];
  /** Report a problem with the value being rewritten (or one of its items). */
  report: (message: string, subPath?: PathSegment[], hint?: string) => void;
  /** A list item became a mapping entry: keep its place (`[0]` -> `[name]`). */
  relocate: (fromSubPath: PathSegment[], toSubPath: PathSegment[]) => void;
}

export type CanonicalForm = (value: Tree, context: CanonicalContext) => Tree | undefined;

const scalarText = (value: Tree): string | null =>
  value === null ? null : typeof value === 'object' ? JSON.stringify(value) : String(value);

/** `KEY=value` lists or mappings -> a mapping of strings (null kept for "unset"). */
const keyValueMapping: CanonicalForm = (value) => {
  const mapping = toKeyValueMap(value);
  const result: TreeMap = {};
  for (const [key, entry] of Object.entries(mapping)) result[key] = scalarText(entry);
  return result;
};

const commandWords: CanonicalForm = (value, context) => {
  if (typeof value !== 'string') return value;
  const words = splitShellWords(value);
  if ('error' in words) {
    context.report(`cannot split the command into words: ${words.error}`);
    return [value];
  }
  return words;
};

const duration =
  (what: string): CanonicalForm =>
  (value, context) => {
    if (typeof value !== 'string' && typeof value !== 'number') return value;
    const normalized = normalizeDuration(value);
    if (normalized === undefined) {
      context.report(`"${value}" is not a duration`, [], `write ${what} like "10s", "1m30s" or "500ms"`);
      return value;
    }
    return normalized;
  };

const quiet = { path: [], report: () => undefined, relocate: () => undefined };

const build: CanonicalForm = (value) => {
  const definition: TreeMap = typeof value === 'string' ? { context: value } : isMap(value) ? { ...value } : {};
  definition.context ??= '.';
  definition.dockerfile ??= 'Dockerfile';
  if (definition.args !== undefined) definition.args = keyValueMapping(definition.args, quiet) ?? {};
  if (definition.labels !== undefined) {
    definition.labels = keyValueMapping(definition.labels, quiet) ?? {};
  }
  return definition;
};

const ports: CanonicalForm = (value, context) => {
  if (!isList(value)) return value;
  return value.flatMap((entry, index) => {
    const result = canonicalPort(entry);
    if ('error' in result) {
      context.report(
        result.error,
        [index],
        'write ports as "8080:80", "127.0.0.1:8080:80/tcp" or a mapping with target',
      );
      return [];
    }
    return result;
  });
};

const volumes: CanonicalForm = (value, context) => {
  if (!isList(value)) return value;
  return value.flatMap((entry, index) => {
    const result = canonicalVolume(entry);
    if (result.invalid === true) {
      context.report(
        String(result.error),
        [index],
        'write volumes as "name:/path", "./folder:/path[:ro]" or a mapping with type/source/target',
      );
      return [];
    }
    return [result as TreeMap];
  });
};

const dependsOn: CanonicalForm = (value, context) => {
  const result: TreeMap = {};
  if (isList(value)) {
    value.forEach((name, index) => {
      result[String(name)] = { condition: 'service_started', required: true };
      context.relocate([index], [String(name)]);
    });
    return result;
  }
  if (!isMap(value)) return value;
  for (const [name, definition] of Object.entries(value)) {
    const entry: TreeMap = isMap(definition) ? { ...definition } : {};
    entry.condition ??= 'service_started';
    entry.required ??= true;
    result[name] = entry;
  }
  return result;
};

const serviceNetworks: CanonicalForm = (value, context) => {
  if (!isList(value)) return value;
  value.forEach((name, index) => context.relocate([index], [String(name)]));
  return Object.fromEntries(value.map((name) => [String(name), null]));
};

const extraHosts: CanonicalForm = (value) => {
  if (isMap(value)) {
    return Object.entries(value).flatMap(
      ([host, address]) => (isList(address) ? address : [address]).map((entry) => `${host}=${String(entry)}`) as Tree[],
    );
  }
  if (!isList(value)) return value;
  return value.map((entry) => {
    const text = String(entry);
    if (text.includes('=')) return text;
    const separator = text.indexOf(':');
    return separator === -1 ? text : `${text.slice(0, separator)}=${text.slice(separator + 1)}`;
  });
};

const fileReferences =
  (defaultTarget: (source: string) => string | undefined): CanonicalForm =>
  (value) => {
    if (!isList(value)) return value;
    return value.map((entry) => {
      const reference: TreeMap = typeof entry === 'string' ? { source: entry } : isMap(entry) ? { ...entry } : {};
      const source = String(reference.source ?? '');
      const target = reference.target;
      if (target === undefined || target === null) {
        const fallback = defaultTarget(source);
        if (fallback !== undefined) reference.target = fallback;
      } else if (typeof target === 'string' && !target.startsWith('/') && defaultTarget('') === '/run/secrets/') {
        reference.target = `/run/secrets/${target}`;
      }
      return reference;
    });
  };

const envFiles: CanonicalForm = (value) => {
  const list = isList(value) ? value : value === null ? [] : [value];
  return list.map((entry) =>
    isMap(entry) ? { path: entry.path ?? null, required: entry.required ?? true } : { path: entry, required: true },
  );
};

const healthcheckTest: CanonicalForm = (value) => (typeof value === 'string' ? ['CMD-SHELL', value] : value);

const memory: CanonicalForm = (value, context) => {
  if (typeof value !== 'string' && typeof value !== 'number') return value;
  const bytes = parseByteSize(value);
  if (bytes === undefined) {
    context.report(`"${value}" is not a memory size`, [], 'write sizes like "512m" or "1.5g"');
    return value;
  }
  return bytes;
};

const cpus: CanonicalForm = (value) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

const stringList: CanonicalForm = (value) => (isList(value) ? value.map((entry) => String(entry)) : value);

const watchRules: CanonicalForm = (value) => {
  if (!isList(value)) return value;
  return value.map((rule) =>
    isMap(rule) ? { ...rule, ignore: rule.ignore ?? [], include: rule.include ?? [] } : rule,
  );
};

const topLevelObjects: CanonicalForm = (value) => {
  if (!isMap(value)) return value;
  return Object.fromEntries(Object.entries(value).map(([name, definition]) => [name, definition ?? {}]));
};

const restartPolicy: CanonicalForm = (value, context) => {
  if (typeof value === 'string' && !/^(no|always|unless-stopped|on-failure(:\d+)?)$/.test(value)) {
    context.report(
      `"${value}" is not a restart policy`,
      [],
      'use "no", "always", "on-failure", "on-failure:3" or "unless-stopped"',
    );
  }
  return value;
};

const booleanValue: CanonicalForm = (value, context) => {
  if (typeof value === 'string') {
    const word = ({ true: true, false: false } as Record<string, boolean>)[value.toLowerCase()];
    if (word === undefined) context.report(`must be true or false, not "${value}"`);
    else return word;
  }
  return value;
};

/** Short form -> long form, by path pattern. Order matters only within one service. */
export const canonicalForms: Array<[string, CanonicalForm]> = [
  ['services.*.build', build],
  ['services.*.command', commandWords],
  ['services.*.entrypoint', commandWords],
  ['services.*.environment', keyValueMapping],
  ['services.*.labels', keyValueMapping],
  ['services.*.ports', ports],
  ['services.*.expose', stringList],
  ['services.*.volumes', volumes],
  ['services.*.depends_on', dependsOn],
  ['services.*.networks', serviceNetworks],
  ['services.*.extra_hosts', extraHosts],
  ['services.*.secrets', fileReferences((source) => `/run/secrets/${source}`)],
  ['services.*.configs', fileReferences((source) => (source === '' ? undefined : `/${source}`))],
  ['services.*.env_file', envFiles],
  ['services.*.stop_grace_period', duration('stop_grace_period')],
  ['services.*.healthcheck.test', healthcheckTest],
  ['services.*.healthcheck.interval', duration('interval')],
  ['services.*.healthcheck.timeout', duration('timeout')],
  ['services.*.healthcheck.start_period', duration('start_period')],
  ['services.*.healthcheck.start_interval', duration('start_interval')],
  ['services.*.deploy.resources.limits.memory', memory],
  ['services.*.deploy.resources.reservations.memory', memory],
  ['services.*.deploy.resources.limits.cpus', cpus],
  ['services.*.develop.watch', watchRules],
  ['services.*.profiles', stringList],
  ['services.*.x-dev.restart_on', stringList],
  ['services.*.restart', restartPolicy],
  ['services.*.tty', booleanValue],
  ['services.*.init', booleanValue],
  ['services.*.stdin_open', booleanValue],
  ['networks.*.external', booleanValue],
  ['networks.*.internal', booleanValue],
  ['volumes.*.external', booleanValue],
  ['networks', topLevelObjects],
  ['volumes', topLevelObjects],
];

const compiledForms = canonicalForms.map(([pattern, form]) => [splitPattern(pattern), form] as const);

const visitMatches = (
  node: Tree,
  pattern: readonly string[],
  path: PathSegment[],
  apply: (value: Tree, path: PathSegment[]) => Tree | undefined,
): Tree => {
  if (pattern.length === 0) {
    const replaced = apply(node, path);
    return replaced === undefined ? node : replaced;
  }
  const [head, ...rest] = pattern;
  if (isMap(node)) {
    const keys = head === '*' ? Object.keys(node) : head !== undefined && head in node ? [head] : [];
    if (keys.length === 0) return node;
    const result: TreeMap = { ...node };
    for (const key of keys) result[key] = visitMatches(node[key] ?? null, rest, [...path, key], apply);
    return result;
  }
  return node;
};

export interface CanonicalOutput {
  tree: TreeMap;
  issues: ConfigIssue[];
}

/** Rewrite every short form of a validated tree into its long form. */
export const canonicalizeTree = (tree: TreeMap, sourceMap: SourceMap): CanonicalOutput => {
  const issues: ConfigIssue[] = [];
  let current: Tree = tree;
  for (const [pattern, form] of compiledForms) {
    current = visitMatches(current, pattern, [], (value, path) =>
      form(value, {
        path,
        report: (message, subPath = [], hint) => {
          const at = [...path, ...subPath];
          issues.push(
            issueAt(sourceMap.locate(at), at, {
              code: 'invalid-value',
              message,
              ...(hint === undefined ? {} : { hint }),
            }),
          );
        },
        relocate: (from, to) => {
          const location = sourceMap.locate([...path, ...from]);
          sourceMap.setValue([...path, ...to], location);
          sourceMap.setKey([...path, ...to], location);
        },
      }),
    );
  }
  return { tree: current as TreeMap, issues };
};
