// `.env` files by Compose's rules: `KEY=value` or `KEY: value`, optional `export `,
// single quotes literal (with \' allowed), double quotes with escapes and substitution,
// unquoted values trimmed and cut at ` #`, a bare `KEY` inherits from the environment,
// multi-line quoted values, a UTF-8 BOM ignored.
import { type Lookup, substitute } from './interpolate.js';

export interface DotenvEntry {
  key: string;
  value: string;
  line: number;
}

export interface DotenvResult {
  entries: DotenvEntry[];
  values: Record<string, string>;
  error?: { line: number; column: number; message: string };
}

const keyChar = /[A-Za-z0-9_.\-[\]]/;

const doubleQuoteEscapes: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', '"': '"', $: '$' };

export const parseDotenv = (rawText: string, lookup: Lookup): DotenvResult => {
  const text = rawText.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
  const entries: DotenvEntry[] = [];
  const values: Record<string, string> = {};
  const resolve: Lookup = (name) => values[name] ?? lookup(name);
  let index = 0;
  let line = 1;
  const fail = (column: number, message: string): DotenvResult => ({
    entries,
    values,
    error: { line, column, message },
  });

  while (index < text.length) {
    // Skip blank space and comment lines.
    const char = text[index];
    if (char === '\n') {
      line += 1;
      index += 1;
      continue;
    }
    if (char === ' ' || char === '\t') {
      index += 1;
      continue;
    }
    if (char === '#') {
      const end = text.indexOf('\n', index);
      index = end === -1 ? text.length : end;
      continue;
    }
    const lineStart = text.lastIndexOf('\n', index - 1) + 1;
    if (text.startsWith('export ', index)) index += 'export '.length;
    while (text[index] === ' ') index += 1;
    const keyStart = index;
    while (index < text.length && keyChar.test(text[index] ?? '')) index += 1;
    const key = text.slice(keyStart, index);
    while (text[index] === ' ' || text[index] === '\t') index += 1;
    const separator = text[index];
    if (key === '')
      return fail(
        index - lineStart + 1,
        `unexpected character "${separator ?? ''}" where a variable name was expected`,
      );
    if (separator === undefined || separator === '\n' || separator === '#') {
      // A bare name: inherited from the environment when set there.
      const inherited = lookup(key);
      if (inherited !== undefined) {
        values[key] = inherited;
        entries.push({ key, value: inherited, line });
      }
      continue;
    }
    if (separator !== '=' && separator !== ':') {
      return fail(index - lineStart + 1, `expected "=" after the variable name "${key}", found "${separator}"`);
    }
    index += 1;
    while (text[index] === ' ' || text[index] === '\t') index += 1;
    const entryLine = line;
    const quote = text[index];
    let value: string;
    if (quote === "'" || quote === '"') {
      let cursor = index + 1;
      let raw = '';
      let closed = false;
      while (cursor < text.length) {
        const current = text[cursor] ?? '';
        if (current === '\\' && (text[cursor + 1] === quote || (quote === '"' && text[cursor + 1] !== undefined))) {
          raw += current + (text[cursor + 1] ?? '');
          cursor += 2;
          continue;
        }
        if (current === quote) {
          closed = true;
          break;
        }
        if (current === '\n') line += 1;
        raw += current;
        cursor += 1;
      }
      if (!closed) return fail(index - lineStart + 1, `unterminated quoted value for "${key}"`);
      index = cursor + 1;
      if (quote === "'") {
        value = raw.replace(/\\'/g, "'");
      } else {
        const unescaped = raw.replace(/\\(.)/g, (whole, escaped: string) =>
          escaped === '$' ? '$$' : (doubleQuoteEscapes[escaped] ?? whole),
        );
        value = substitute(unescaped, resolve).value;
      }
      const end = text.indexOf('\n', index);
      index = end === -1 ? text.length : end;
    } else {
      const end = text.indexOf('\n', index);
      let raw = text.slice(index, end === -1 ? text.length : end);
      const comment = raw.search(/\s#/);
      if (comment !== -1) raw = raw.slice(0, comment);
      value = substitute(raw.trim(), resolve).value;
      index = end === -1 ? text.length : end;
    }
    values[key] = value;
    entries.push({ key, value, line: entryLine });
  }
  return { entries, values };
};
