// Phase 1, parse: YAML text -> tree + source map (path -> file:line:col) + `!reset`/`!override`
// tags. The only module that uses `yaml`. Syntax errors, duplicate keys, tabs and unknown
// anchors become located issues; merge keys (`<<`) are expanded here so later phases never see them.
import type * as YamlLibrary from 'yaml';
import type { Document, Node as YamlNode } from 'yaml';
import { yaml as bundledYaml } from '../generated/yaml-bundle.js';
import type { ConfigIssue } from '../model.js';
import { issueAt } from '../issues.js';
import { SourceMap, type SourceLocation } from '../source-map.js';
import { type Tree, type TreeMap, type TreePath, pathKey } from '../tree.js';

// The `yaml` library, loaded from its one-module build (scripts/build-yaml-bundle.mjs): the
// same code, without ~70 module resolutions on every run.
const {
  LineCounter,
  isAlias,
  isMap: isYamlMap,
  isScalar,
  isSeq,
  parseAllDocuments,
  stringify,
} = bundledYaml as typeof YamlLibrary;

export type MergeTag = 'reset' | 'override';

export interface ParsedFile {
  file: string;
  tree: Tree;
  sourceMap: SourceMap;
  /** pathKey -> tag, for nodes tagged `!reset` or `!override`. */
  tags: Map<string, MergeTag>;
  issues: ConfigIssue[];
}

const syntaxMessages: Record<string, string> = {
  DUPLICATE_KEY: 'duplicate key',
  TAB_AS_INDENT: 'tabs are not allowed for indentation',
  BAD_INDENT: 'bad indentation',
  MISSING_CHAR: 'missing closing character',
  BLOCK_AS_IMPLICIT_KEY: 'a mapping cannot start on the same line as its key',
  MULTILINE_IMPLICIT_KEY: 'a key must fit on one line',
  UNEXPECTED_TOKEN: 'unexpected content',
  BAD_SCALAR_START: 'a plain value cannot start with this character',
  MULTIPLE_DOCS: 'more than one YAML document in the file',
};

const syntaxHints: Record<string, string> = {
  DUPLICATE_KEY: 'each key may appear once in a mapping; remove or rename one of them',
  TAB_AS_INDENT: 'indent with spaces',
  BAD_INDENT: 'align keys of the same mapping at the same column, with spaces',
  MISSING_CHAR: 'close the quote, bracket or brace',
  BLOCK_AS_IMPLICIT_KEY: 'put the nested mapping on its own indented lines, or quote the value',
};

const describeYamlError = (code: string, rawMessage: string): string => {
  const known = syntaxMessages[code];
  const detail = rawMessage.split('\n')[0]?.replace(/ at line \d+, column \d+.*$/, '') ?? '';
  if (code === 'DUPLICATE_KEY' || code === 'TAB_AS_INDENT') return known ?? detail;
  return known === undefined ? `YAML syntax error: ${detail}` : `YAML syntax error: ${known} (${detail})`;
};

interface WalkContext {
  doc: Document;
  file: string;
  lineCounter: YamlLibrary.LineCounter;
  sourceMap: SourceMap;
  tags: Map<string, MergeTag>;
  issues: ConfigIssue[];
  aliasDepth: number;
}

const locationOf = (context: WalkContext, offset: number | undefined): SourceLocation => {
  const position = context.lineCounter.linePos(offset ?? 0);
  return { file: context.file, line: position.line, column: position.col };
};

const scalarValue = (node: YamlNode): Tree => {
  const value = isScalar(node) ? node.value : null;
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (value instanceof Date) return value.toISOString();
  return String(value);
};

const keyText = (key: unknown): string => {
  if (isScalar(key)) return key.value === null || key.value === undefined ? '' : String(key.value);
  if (key === null || key === undefined) return '';
  return String(key);
};

const isMergeKey = (key: unknown): boolean => isScalar(key) && key.value === '<<' && key.type === 'PLAIN';

const walk = (context: WalkContext, node: YamlNode | null | undefined, path: TreePath): Tree => {
  if (node === null || node === undefined) return null;
  context.sourceMap.setValue(path, locationOf(context, node.range?.[0]));
  const tag = node.tag;
  if (tag === '!reset' || tag === '!override') context.tags.set(pathKey(path), tag.slice(1) as MergeTag);
  if (isAlias(node)) {
    const target = node.resolve(context.doc);
    const aliasOffset = node.range?.[0];
    if (target === undefined) {
      context.issues.push(
        issueAt(locationOf(context, aliasOffset), path, {
          code: 'yaml-unknown-anchor',
          message: `unknown anchor "${node.source}"`,
          hint: 'define the anchor with &name before using *name',
        }),
      );
      return null;
    }
    if (context.aliasDepth > 50) return null;
    context.aliasDepth += 1;
    const value = walk(context, target as YamlNode, path);
    context.aliasDepth -= 1;
    context.sourceMap.setValue(path, locationOf(context, aliasOffset));
    return value;
  }
  if (isYamlMap(node)) {
    const result: TreeMap = {};
    const merged: TreeMap = {};
    for (const pair of node.items) {
      if (isMergeKey(pair.key)) {
        const sources = isSeq(pair.value) ? pair.value.items : [pair.value];
        for (const source of sources) {
          const value = walk(context, source as YamlNode, path);
          if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
            for (const [key, entry] of Object.entries(value)) if (!(key in merged)) merged[key] = entry;
          } else {
            context.issues.push(
              issueAt(locationOf(context, (pair.key as YamlNode).range?.[0]), path, {
                code: 'yaml-bad-merge',
                message: 'a merge key (<<) must refer to a mapping or a list of mappings',
              }),
            );
          }
        }
        continue;
      }
      const key = keyText(pair.key);
      const childPath = [...path, key];
      const keyNode = pair.key as YamlNode | null;
      if (keyNode !== null && typeof keyNode === 'object' && 'range' in keyNode) {
        context.sourceMap.setKey(childPath, locationOf(context, keyNode.range?.[0]));
      }
      result[key] = walk(context, pair.value as YamlNode | null, childPath);
      if (pair.value === null || pair.value === undefined) {
        context.sourceMap.setValue(childPath, locationOf(context, keyNode?.range?.[0]));
      }
    }
    for (const [key, value] of Object.entries(merged)) if (!(key in result)) result[key] = value;
    return result;
  }
  if (isSeq(node)) {
    return node.items.map((item, index) => walk(context, item as YamlNode, [...path, index]));
  }
  return scalarValue(node);
};

/** Parse one file's text. Never throws: problems come back as issues. */
export const parseYaml = (text: string, file: string): ParsedFile => {
  const lineCounter = new LineCounter();
  const documents = parseAllDocuments(text, { lineCounter, uniqueKeys: true, merge: false, prettyErrors: false });
  const sourceMap = new SourceMap({ file, line: 1, column: 1 });
  const issues: ConfigIssue[] = [];
  const tags = new Map<string, MergeTag>();
  const list = Array.isArray(documents) ? documents : [];
  const position = (offset: number | undefined): SourceLocation => {
    const linePos = lineCounter.linePos(offset ?? 0);
    return { file, line: linePos.line, column: linePos.col };
  };
  for (const doc of list) {
    for (const error of doc.errors) {
      issues.push(
        issueAt(position(error.pos[0]), '', {
          code:
            error.code === 'DUPLICATE_KEY'
              ? 'yaml-duplicate-key'
              : error.code === 'TAB_AS_INDENT'
                ? 'yaml-tab'
                : 'yaml-syntax',
          message:
            error.code === 'DUPLICATE_KEY'
              ? `duplicate key "${text.slice(error.pos[0]).split(/[:\n]/)[0]?.trim() ?? ''}"`
              : describeYamlError(error.code, error.message),
          ...(syntaxHints[error.code] === undefined ? {} : { hint: syntaxHints[error.code] }),
        }),
      );
    }
  }
  if (list.length > 1) {
    const second = list[1];
    issues.push(
      issueAt(position(second?.range[0]), '', {
        code: 'yaml-multiple-documents',
        message: 'YAML syntax error: more than one YAML document in the file',
        hint: 'remove the "---" separator; use one file per document',
      }),
    );
  }
  const first = list[0];
  if (first === undefined || issues.length > 0) return { file, tree: null, sourceMap, tags, issues };
  const context: WalkContext = { doc: first, file, lineCounter, sourceMap, tags, issues, aliasDepth: 0 };
  const tree = walk(context, first.contents as YamlNode | null, []);
  return { file, tree, sourceMap, tags, issues };
};

/** YAML text for a plain value (what `dev config` prints). */
export const stringifyYaml = (value: unknown): string =>
  stringify(value, { lineWidth: 0, aliasDuplicateObjects: false, indentSeq: true });
