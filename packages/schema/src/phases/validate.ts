// Phase 5, validate: the merged tree against the Compose JSON Schema plus devup's `x-dev`
// schema. The only module that imports ajv. Raw validator errors are translated into the
// user's words: one issue per place, the most specific cause, "did you mean" for keys/values.
// The validator itself is ajv's standalone output, generated at build time.
import type { ConfigIssue } from '../model.js';
import { issueAt } from '../issues.js';
import { type ValidationError, validate as generatedValidator } from '../generated/project-validator.js';
import { projectJsonSchema } from '../project-schema.js';
import type { SourceMap } from '../source-map.js';
import { didYouMean } from '../suggest.js';
import { type PathSegment, type Tree, getAt } from '../tree.js';

/**
 * The schema compiled ahead of time by scripts/build-validator.mjs (Compose + x-dev, ajv with
 * allErrors), so a load does not pay for compiling it.
 */
const validator = (): typeof generatedValidator => generatedValidator;

const typeWords: Record<string, string> = {
  object: 'a mapping',
  array: 'a list',
  string: 'a string',
  number: 'a number',
  integer: 'an integer',
  boolean: 'true or false',
  null: 'empty',
};

const describeTypes = (types: string[]): string => {
  const words = [...new Set(types.map((type) => typeWords[type] ?? type))];
  if (words.length <= 1) return words[0] ?? 'something else';
  return `${words.slice(0, -1).join(', ')} or ${words.at(-1) ?? ''}`;
};

const describeValue = (value: unknown): string => {
  if (value === null) return 'empty';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') return `the string "${value}"`;
  return `${typeof value === 'number' ? 'the number' : 'the value'} ${String(value)}`;
};

const decodePointer = (pointer: string, data: unknown): PathSegment[] => {
  if (pointer === '') return [];
  let current: unknown = data;
  return pointer
    .slice(1)
    .split('/')
    .map((raw) => {
      const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
      const result: PathSegment = Array.isArray(current) ? Number(segment) : segment;
      current =
        current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[segment] : undefined;
      return result;
    });
};

type SchemaNode = {
  $ref?: string;
  properties?: Record<string, SchemaNode>;
  patternProperties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  oneOf?: SchemaNode[];
  anyOf?: SchemaNode[];
  allOf?: SchemaNode[];
};

let rootSchema: SchemaNode | undefined;

const schemaRoot = (): SchemaNode => (rootSchema ??= projectJsonSchema() as SchemaNode);

const resolveRef = (node: SchemaNode): SchemaNode => {
  if (node.$ref === undefined) return node;
  let current: unknown = schemaRoot();
  for (const part of node.$ref.replace(/^#\/?/, '').split('/')) {
    if (part === '') continue;
    current = current !== null && typeof current === 'object' ? (current as Record<string, unknown>)[part] : undefined;
  }
  return current !== null && typeof current === 'object' ? resolveRef(current as SchemaNode) : {};
};

const branchesOf = (node: SchemaNode, depth = 0): SchemaNode[] => {
  const resolved = resolveRef(node);
  if (depth > 8) return [resolved];
  const nested = [...(resolved.oneOf ?? []), ...(resolved.anyOf ?? []), ...(resolved.allOf ?? [])];
  return [resolved, ...nested.flatMap((branch) => branchesOf(branch, depth + 1))];
};

/** Every schema that can describe the value at an instance path (all oneOf/anyOf branches). */
const schemasAt = (path: readonly PathSegment[]): SchemaNode[] => {
  let current = branchesOf(schemaRoot());
  for (const segment of path) {
    current = current.flatMap((node) => {
      if (typeof segment === 'number') return node.items === undefined ? [] : branchesOf(node.items);
      const named = node.properties?.[segment];
      if (named !== undefined) return branchesOf(named);
      const pattern = Object.entries(node.patternProperties ?? {}).find(([regex]) => new RegExp(regex).test(segment));
      if (pattern !== undefined) return branchesOf(pattern[1]);
      return typeof node.additionalProperties === 'object' ? branchesOf(node.additionalProperties) : [];
    });
  }
  return current;
};

/** The keys the schema names for the mapping at `path`. */
const knownKeysAt = (path: readonly PathSegment[]): string[] => [
  ...new Set(schemasAt(path).flatMap((node) => Object.keys(node.properties ?? {}))),
];

const isDescendant = (child: string, parent: string): boolean => child.startsWith(`${parent}/`);

interface Translated {
  path: PathSegment[];
  atKey: boolean;
  message: string;
  hint?: string;
}

const translate = (error: ValidationError, path: PathSegment[], data: unknown): Translated => {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'additionalProperties': {
      const key = String(params.additionalProperty);
      const known = knownKeysAt(path);
      const hint = didYouMean(key, known);
      const where = path.length === 0 ? 'at the top level' : '';
      return {
        path: [...path, key],
        atKey: true,
        message: `unknown key "${key}"${where === '' ? '' : ` ${where}`}`,
        ...(hint === undefined ? { hint: 'custom keys must start with "x-"' } : { hint }),
      };
    }
    case 'required':
      return { path, atKey: false, message: `missing required key "${String(params.missingProperty)}"` };
    case 'enum': {
      const allowed = (params.allowedValues as unknown[]).map(String);
      const hint = typeof data === 'string' ? didYouMean(data, allowed) : undefined;
      return {
        path,
        atKey: false,
        message: `must be one of ${allowed.map((value) => `"${value}"`).join(', ')}, not ${describeValue(data)}`,
        ...(hint === undefined ? {} : { hint }),
      };
    }
    case 'const':
      return { path, atKey: false, message: `must be ${JSON.stringify(params.allowedValue)}` };
    case 'pattern': {
      const words = String(params.pattern)
        .split('|')
        .filter((word) => /^[a-z_-]+$/i.test(word));
      if (words.length >= 2) {
        const hint = typeof data === 'string' ? didYouMean(data, words) : undefined;
        return {
          path,
          atKey: false,
          message: `${describeValue(data)} is not allowed here; expected one of ${words.map((word) => `"${word}"`).join(', ')}`,
          ...(hint === undefined ? {} : { hint }),
        };
      }
      return {
        path,
        atKey: false,
        message: `${describeValue(data)} is not valid here (expected to match ${String(params.pattern)})`,
      };
    }
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      return { path, atKey: false, message: `must be ${String(params.comparison)} ${String(params.limit)}` };
    case 'uniqueItems':
      return {
        path,
        atKey: false,
        message: `must not list the same item twice (items ${String(params.j)} and ${String(params.i)} are equal)`,
      };
    case 'minItems':
      return { path, atKey: false, message: `must list at least ${String(params.limit)} item(s)` };
    case 'maxItems':
      return { path, atKey: false, message: `must list at most ${String(params.limit)} item(s)` };
    case 'minProperties':
      return { path, atKey: false, message: `must have at least ${String(params.limit)} key(s)` };
    case 'propertyNames':
    case 'patternProperties':
      return { path, atKey: false, message: `has an invalid name "${String(params.propertyName ?? '')}"` };
    case 'oneOf':
    case 'anyOf':
      return { path, atKey: false, message: `${describeValue(data)} does not fit any allowed form` };
    case 'not':
      return { path, atKey: false, message: 'is not allowed in this combination' };
    default:
      return { path, atKey: false, message: error.message ?? 'is invalid' };
  }
};

export interface ValidateOutput {
  issues: ConfigIssue[];
}

/** Validate a merged tree; every problem comes back as a located issue in plain words. */
export const validateTree = (tree: Tree, sourceMap: SourceMap): ValidateOutput => {
  const validate = validator();
  if (validate(tree)) return { issues: [] };
  const combinators = ['oneOf', 'anyOf', 'if', 'then', 'else', 'allOf'];
  const errors = validate.errors ?? [];
  // The most specific cause: drop errors whose place has an error deeper down.
  const pointers = errors.map((error) => error.instancePath);
  const specific = errors.filter((error) => !pointers.some((pointer) => isDescendant(pointer, error.instancePath)));
  const byPlace = new Map<string, ValidationError[]>();
  for (const error of specific) {
    const list = byPlace.get(error.instancePath) ?? [];
    list.push(error);
    byPlace.set(error.instancePath, list);
  }
  for (const [pointer, list] of byPlace) {
    const plain = list.filter((error) => !combinators.includes(error.keyword));
    if (plain.length > 0) byPlace.set(pointer, plain);
  }
  const issues: ConfigIssue[] = [];
  for (const [pointer, placeErrors] of byPlace) {
    const path = decodePointer(pointer, tree);
    const nonType = placeErrors.filter((error) => error.keyword !== 'type');
    if (nonType.length === 0) {
      const types = placeErrors.flatMap((error) => {
        const type = (error.params as { type: string | string[] }).type;
        return Array.isArray(type) ? type : [type];
      });
      const value = getAt(tree, path);
      issues.push(
        issueAt(sourceMap.locate(path), path, {
          code: 'schema-type',
          message: `must be ${describeTypes(types)}, not ${describeValue(value)}`,
        }),
      );
      continue;
    }
    const seen = new Set<string>();
    for (const error of nonType) {
      const translated = translate(error, path, getAt(tree, path));
      const key = `${translated.path.join('.')}|${translated.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const location = translated.atKey ? sourceMap.locateKey(translated.path) : sourceMap.locate(translated.path);
      issues.push(
        issueAt(location, translated.path, {
          code: `schema-${error.keyword}`,
          message: translated.message,
          ...(translated.hint === undefined ? {} : { hint: translated.hint }),
        }),
      );
    }
  }
  return { issues };
};
