// Phase 2, interpolate: `${VAR}`, `${VAR:-d}`, `${VAR-d}`, `${VAR:?msg}`, `${VAR?msg}`,
// `${VAR:+alt}`, `${VAR+alt}`, `$VAR` and `$$`, in every string value (not keys), with
// nested expressions in defaults as Compose does. Values that were interpolated at paths
// Compose types (booleans, numbers) are cast like Compose casts them.
import type { ConfigIssue } from '../model.js';
import { issueAt } from '../issues.js';
import type { SourceMap } from '../source-map.js';
import { type Tree, type TreeMap, type TreePath, isList, isMap, matchesPattern, splitPattern } from '../tree.js';

export type Lookup = (name: string) => string | undefined;

export interface SubstituteResult {
  value: string;
  /** Names that were looked up and not set (without a default). */
  unset: string[];
  error?: string;
  changed: boolean;
}

const namePattern = /^[_a-zA-Z][_a-zA-Z0-9]*/;

/** Index of the `}` closing a `${` that starts at `open` (the index of `{`), or -1. */
const findClosingBrace = (text: string, open: number): number => {
  let depth = 0;
  for (let index = open; index < text.length; index += 1) {
    const char = text[index];
    if (char === '$' && text[index + 1] === '{') {
      depth += 1;
      index += 1;
    } else if (char === '{' && index === open) {
      depth += 1;
    } else if (char === '}') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
};

/** Substitute variables in one string by Compose's rules. */
export const substitute = (text: string, lookup: Lookup): SubstituteResult => {
  const unset: string[] = [];
  let changed = false;
  let output = '';
  let index = 0;
  while (index < text.length) {
    const dollar = text.indexOf('$', index);
    if (dollar === -1) {
      output += text.slice(index);
      break;
    }
    output += text.slice(index, dollar);
    const next = text[dollar + 1];
    if (next === '$') {
      output += '$';
      changed = true;
      index = dollar + 2;
      continue;
    }
    if (next === '{') {
      const close = findClosingBrace(text, dollar + 1);
      if (close === -1)
        return {
          value: text,
          unset,
          changed,
          error: `invalid interpolation format "${text.slice(dollar)}": missing closing brace`,
        };
      const body = text.slice(dollar + 2, close);
      const evaluated = evaluateBraced(body, lookup, unset);
      if (typeof evaluated === 'object') return { value: text, unset, changed, error: evaluated.error };
      output += evaluated;
      changed = true;
      index = close + 1;
      continue;
    }
    const named = namePattern.exec(text.slice(dollar + 1));
    if (named !== null) {
      const name = named[0];
      const value = lookup(name);
      if (value === undefined) unset.push(name);
      output += value ?? '';
      changed = true;
      index = dollar + 1 + name.length;
      continue;
    }
    output += '$';
    index = dollar + 1;
  }
  return { value: output, unset, changed };
};

const evaluateBraced = (body: string, lookup: Lookup, unset: string[]): string | { error: string } => {
  const named = namePattern.exec(body);
  if (named === null) return { error: `invalid interpolation format for "\${${body}}": a variable name is required` };
  const name = named[0];
  const rest = body.slice(name.length);
  const value = lookup(name);
  const nested = (inner: string): string | { error: string } => {
    const result = substitute(inner, lookup);
    unset.push(...result.unset);
    return result.error === undefined ? result.value : { error: result.error };
  };
  if (rest === '') {
    if (value === undefined) unset.push(name);
    return value ?? '';
  }
  const operator = /^(:?[-?+])/.exec(rest)?.[1];
  if (operator === undefined) return { error: `invalid interpolation format for "\${${body}}"` };
  const argument = rest.slice(operator.length);
  const emptyCounts = operator.startsWith(':');
  const isSet = value !== undefined && (!emptyCounts || value !== '');
  switch (operator.slice(-1)) {
    case '-':
      return isSet ? (value ?? '') : nested(argument);
    case '+':
      return isSet ? nested(argument) : '';
    case '?': {
      if (isSet) return value ?? '';
      const detail = nested(argument);
      const message = typeof detail === 'string' ? detail : argument;
      return { error: `required variable ${name} is missing a value${message === '' ? '' : `: ${message}`}` };
    }
    default:
      return { error: `invalid interpolation format for "\${${body}}"` };
  }
};

type Cast = 'boolean' | 'integer' | 'number';

/** Paths whose interpolated strings Compose converts to typed values. */
const castTable: Array<[string[], Cast]> = (
  [
    ['services.*.init', 'boolean'],
    ['services.*.tty', 'boolean'],
    ['services.*.stdin_open', 'boolean'],
    ['services.*.privileged', 'boolean'],
    ['services.*.read_only', 'boolean'],
    ['services.*.oom_kill_disable', 'boolean'],
    ['services.*.scale', 'integer'],
    ['services.*.cpus', 'number'],
    ['services.*.cpu_shares', 'integer'],
    ['services.*.pids_limit', 'integer'],
    ['services.*.deploy.replicas', 'integer'],
    ['services.*.deploy.resources.limits.pids', 'integer'],
    ['services.*.healthcheck.retries', 'integer'],
    ['services.*.healthcheck.disable', 'boolean'],
    ['services.*.ports.*.target', 'integer'],
    ['services.*.volumes.*.read_only', 'boolean'],
    ['services.*.volumes.*.bind.create_host_path', 'boolean'],
    ['services.*.volumes.*.volume.nocopy', 'boolean'],
    ['services.*.depends_on.*.required', 'boolean'],
    ['services.*.depends_on.*.restart', 'boolean'],
    ['services.*.develop.watch.*.initial_sync', 'boolean'],
    ['networks.*.external', 'boolean'],
    ['networks.*.internal', 'boolean'],
    ['networks.*.attachable', 'boolean'],
    ['networks.*.enable_ipv6', 'boolean'],
    ['volumes.*.external', 'boolean'],
    ['secrets.*.external', 'boolean'],
    ['configs.*.external', 'boolean'],
  ] as Array<[string, Cast]>
).map(([pattern, cast]) => [splitPattern(pattern), cast]);

const booleanWords: Record<string, boolean> = {
  true: true,
  yes: true,
  y: true,
  on: true,
  false: false,
  no: false,
  n: false,
  off: false,
};

const castValue = (value: string, cast: Cast): Tree | { error: string } => {
  switch (cast) {
    case 'boolean': {
      const word = booleanWords[value.toLowerCase()];
      return word ?? { error: `must be true or false, but became "${value}"` };
    }
    case 'integer':
      return /^[-+]?\d+$/.test(value.trim())
        ? Number.parseInt(value, 10)
        : { error: `must be a whole number, but became "${value}"` };
    case 'number':
      return value.trim() !== '' && Number.isFinite(Number(value))
        ? Number(value)
        : { error: `must be a number, but became "${value}"` };
  }
};

export interface InterpolateInput {
  tree: Tree;
  sourceMap: SourceMap;
  lookup: Lookup;
}

export interface InterpolateOutput {
  tree: Tree;
  issues: ConfigIssue[];
}

/** Interpolate every string value of a file's tree. */
export const interpolateTree = ({ tree, sourceMap, lookup }: InterpolateInput): InterpolateOutput => {
  const issues: ConfigIssue[] = [];
  const warned = new Set<string>();
  const visit = (node: Tree, path: TreePath): Tree => {
    if (typeof node === 'string') {
      if (!node.includes('$')) return node;
      const result = substitute(node, lookup);
      const location = sourceMap.locate(path);
      if (result.error !== undefined) {
        issues.push(issueAt(location, path, { code: 'interpolation', message: result.error }));
        return node;
      }
      for (const name of result.unset) {
        if (warned.has(name)) continue;
        warned.add(name);
        issues.push(
          issueAt(location, path, {
            code: 'unset-variable',
            severity: 'warning',
            message: `variable "${name}" is not set; using an empty string`,
            hint: `set ${name} in the environment or in .env, or give a default: \${${name}:-value}`,
          }),
        );
      }
      const cast = castTable.find(([pattern]) => matchesPattern(path, pattern))?.[1];
      if (cast === undefined || !result.changed) return result.value;
      const typed = castValue(result.value, cast);
      if (typeof typed === 'object' && typed !== null && 'error' in typed) {
        issues.push(
          issueAt(location, path, {
            code: 'interpolation-type',
            message: `after interpolation the value ${typed.error}`,
            hint: 'set the variable to a valid value, or give it a default',
          }),
        );
        return result.value;
      }
      return typed;
    }
    if (isList(node)) return node.map((item, index) => visit(item, [...path, index]));
    if (isMap(node)) {
      const result: TreeMap = {};
      for (const [key, value] of Object.entries(node)) result[key] = visit(value, [...path, key]);
      return result;
    }
    return node;
  };
  return { tree: visit(tree, []), issues };
};
