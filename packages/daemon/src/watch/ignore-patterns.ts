// Ignore/include patterns for watch rules and .dockerignore files.
//
// Watch rules (`ignore`, `include`) use gitignore-like matching relative to the rule's
// path: a pattern without a slash matches a name at any depth (`*.pyc`, `node_modules`),
// a pattern with a slash is anchored to the rule's path (`/build`, `docs/*.md`), `**`
// spans folders, a trailing slash is allowed, `!` re-includes, and a pattern that
// matches a folder matches everything below it.
// .dockerignore uses Docker's rules: every pattern is anchored to the build context.

export type PatternFlavour = 'gitignore' | 'dockerignore';

interface CompiledPattern {
  negate: boolean;
  regex: RegExp;
}

export interface PathMatcher {
  /** `relativePath` is POSIX, relative to the pattern base, without a leading slash. */
  matches(relativePath: string): boolean;
  readonly patterns: readonly string[];
}

/** Names editors and tools write while saving; never synced or acted upon. */
export const EDITOR_TEMP_PATTERNS: readonly string[] = [
  '*.swp',
  '*.swo',
  '*.swx',
  '*.swpx',
  '.*.sw?',
  '*~',
  '.#*',
  '\\#*#',
  '4913',
  '*___jb_tmp___',
  '*___jb_old___',
  '.DS_Store',
  '*.tmp.[0-9]*',
];

/** Folders never watched. */
export const ALWAYS_IGNORED_DIRS: readonly string[] = ['.git', '.hg', '.svn'];

export function compilePatterns(patterns: readonly string[], flavour: PatternFlavour = 'gitignore'): PathMatcher {
  const compiled: CompiledPattern[] = [];
  for (const raw of patterns) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negate = line.startsWith('!');
    let body = negate ? line.slice(1) : line;
    const anchored = flavour === 'dockerignore' || body.replace(/\/+$/, '').includes('/');
    body = body.replace(/^\.?\/+/, '').replace(/\/+$/, '');
    if (body === '' || body === '.') continue;
    const source = globToRegexSource(body);
    const regex = new RegExp(anchored ? `^${source}(?:/.*)?$` : `(?:^|/)${source}(?:/.*)?$`);
    compiled.push({ negate, regex });
  }
  return {
    patterns,
    matches(relativePath: string): boolean {
      const path = relativePath.replace(/^\/+/, '');
      let matched = false;
      for (const { negate, regex } of compiled) {
        if (regex.test(path)) matched = !negate;
      }
      return matched;
    },
  };
}

/** True when the base name is an editor's temporary file. */
export function isEditorTempFile(baseName: string): boolean {
  return editorTempMatcher.matches(baseName);
}

const editorTempMatcher = compilePatterns(EDITOR_TEMP_PATTERNS);

/** True when any segment of the path is a version-control folder. */
export function isInVcsFolder(relativePath: string): boolean {
  return relativePath.split('/').some((segment) => ALWAYS_IGNORED_DIRS.includes(segment));
}

function globToRegexSource(glob: string): string {
  let out = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index]!;
    if (char === '*') {
      if (glob[index + 1] === '*') {
        index += 1;
        if (glob[index + 1] === '/') {
          index += 1;
          out += '(?:.*/)?';
        } else {
          out += '.*';
        }
      } else {
        out += '[^/]*';
      }
    } else if (char === '?') {
      out += '[^/]';
    } else if (char === '[') {
      const close = glob.indexOf(']', index + 1);
      if (close === -1) {
        out += '\\[';
      } else {
        let set = glob.slice(index + 1, close);
        if (set.startsWith('!')) set = `^${set.slice(1)}`;
        out += `[${set.replace(/\\/g, '\\\\')}]`;
        index = close;
      }
    } else if (char === '\\' && index + 1 < glob.length) {
      index += 1;
      out += escapeRegex(glob[index]!);
    } else {
      out += escapeRegex(char);
    }
  }
  return out;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
