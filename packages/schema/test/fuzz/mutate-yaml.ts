// A seeded mutator for Compose files: byte flips, deleted, duplicated and swapped lines,
// indentation changes, scalar type swaps, random keys, truncation and YAML/interpolation
// oddities. The same seed gives the same cases, so a failure can be replayed.

export type Random = () => number;

/** mulberry32: small, fast, good enough to spread mutations. */
export const seededRandom = (seed: number): Random => {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
};

const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
const index = (random: Random, length: number): number => Math.floor(random() * Math.max(1, length));

const specialCharacters = [':', '-', '{', '}', '[', ']', '"', "'", '&', '*', '!', '|', '>', '#', '%', '@', '`', '\t', '\n', ' ', '$', ',', '?', '\\', '\u0000', '\u00e9', '\ufeff'];

const scalarReplacements = [
  '42', '-1', '0', '3.5', '1e309', '99999999999999999999999', 'true', 'false', 'null', '~', '""', "''",
  '[1, 2]', '[]', '{}', '{a: 1}', '- x', '!!binary aGVsbG8=', '!!int "x"', '!custom tag', '&anchor value', '*missing',
  '${UNSET}', '${UNSET:?needed}', '${UNSET:-default}', '${', '$$', '${A:+${B}}', '"${X?err}"', '|\n  block', '>-',
  '"\\u0000"', '"x\\q"', 'yes', 'on', '0o777', '0x1F', '.inf', '.nan', '2026-01-01', '10:30', '"1:2:3:4"', '"8080-8070:80"',
  '"::1:80:80/udp"', '"../../etc/passwd:/x"', '"a" * 3', 'x'.repeat(300),
];

const randomKeys = [
  'image', 'build', 'ports', 'volumes', 'depends_on', 'environment', 'healthcheck', 'networks', 'services', 'extends',
  'include', 'profiles', 'x-dev', 'develop', 'deploy', 'secrets', 'configs', 'env_file', 'command', 'restart',
  '<<', 'zzz_unknown', '"quoted key"', '? complex', '1', 'true', '""', '${KEY}', 'x-dev.production', 'watch',
];

const lines = (text: string): string[] => text.split('\n');

type Mutation = (text: string, random: Random) => string;

const mutations: Record<string, Mutation> = {
  flipByte: (text, random) => {
    const at = index(random, text.length);
    return text.slice(0, at) + pick(random, specialCharacters) + text.slice(at + 1);
  },
  insertByte: (text, random) => {
    const at = index(random, text.length);
    return text.slice(0, at) + pick(random, specialCharacters) + text.slice(at);
  },
  deleteLine: (text, random) => {
    const all = lines(text);
    all.splice(index(random, all.length), 1);
    return all.join('\n');
  },
  duplicateLine: (text, random) => {
    const all = lines(text);
    const at = index(random, all.length);
    all.splice(at, 0, all[at] ?? '');
    return all.join('\n');
  },
  swapLines: (text, random) => {
    const all = lines(text);
    const left = index(random, all.length);
    const right = index(random, all.length);
    [all[left], all[right]] = [all[right] ?? '', all[left] ?? ''];
    return all.join('\n');
  },
  indent: (text, random) => {
    const all = lines(text);
    const at = index(random, all.length);
    const line = all[at] ?? '';
    const shift = 1 + index(random, 4);
    all[at] = random() < 0.5 ? ' '.repeat(shift) + line : line.replace(new RegExp(`^ {1,${shift}}`), '');
    return all.join('\n');
  },
  tabIndent: (text, random) => {
    const all = lines(text);
    const at = index(random, all.length);
    all[at] = (all[at] ?? '').replace(/^ +/, '\t');
    return all.join('\n');
  },
  swapType: (text, random) => {
    const all = lines(text);
    const candidates = all.map((line, at) => ({ line, at })).filter(({ line }) => /:\s+\S|^\s*-\s+\S/.test(line));
    if (candidates.length === 0) return text;
    const { line, at } = pick(random, candidates);
    const replacement = pick(random, scalarReplacements);
    all[at] = /:\s+\S/.test(line) ? line.replace(/(:\s+).*$/, `$1${replacement}`) : line.replace(/^(\s*-\s+).*$/, `$1${replacement}`);
    return all.join('\n');
  },
  randomKey: (text, random) => {
    const all = lines(text);
    const at = index(random, all.length);
    const indentation = /^\s*/.exec(all[at] ?? '')?.[0] ?? '';
    all.splice(at, 0, `${indentation}${pick(random, randomKeys)}: ${pick(random, scalarReplacements)}`);
    return all.join('\n');
  },
  truncate: (text, random) => text.slice(0, index(random, text.length)),
  aliases: (text, random) => {
    const all = lines(text);
    const at = index(random, all.length);
    const indentation = /^\s*/.exec(all[at] ?? '')?.[0] ?? '';
    const forms = [
      `${indentation}x-a: &a [x, x, x, x, x, x, x, x, x]\n${indentation}x-b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n${indentation}x-c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n${indentation}x-d: [*c, *c, *c, *c, *c, *c, *c, *c, *c]`,
      `${indentation}<<: *nowhere`,
      `${indentation}<<: [*a, *b]`,
      `${indentation}x-self: &self\n${indentation}  loop: *self`,
      `${indentation}!reset null`,
      `${indentation}ports: !override [1]`,
      '---\nservices: {}',
      '%YAML 1.1\n---',
    ];
    all.splice(at, 0, pick(random, forms));
    return all.join('\n');
  },
  deepNesting: (text, random) => {
    const depth = 20 + index(random, 200);
    return `${text}\nx-deep: ${'['.repeat(depth)}${']'.repeat(random() < 0.5 ? depth : depth - 1)}\n`;
  },
};

export const mutationNames = Object.keys(mutations);

/** The costly structural ones (alias fans, deep nesting) are rarer, so a run stays short. */
const weights: Record<string, number> = { aliases: 0.3, deepNesting: 0.2 };
const weighted = mutationNames.flatMap((name) => Array.from({ length: Math.round((weights[name] ?? 1) * 10) }, () => name));

export interface MutatedCase {
  text: string;
  applied: string[];
}

/** One case: 1 to 3 mutations of the given text. */
export const mutateYaml = (text: string, random: Random): MutatedCase => {
  const count = 1 + index(random, 3);
  const applied: string[] = [];
  let current = text;
  for (let step = 0; step < count; step += 1) {
    const name = pick(random, weighted);
    applied.push(name);
    current = (mutations[name] as Mutation)(current, random);
  }
  return { text: current, applied };
};
