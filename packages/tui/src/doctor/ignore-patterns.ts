// Roughly how watch rules' `ignore` patterns exclude folders: gitignore-like globs matched against
// the path relative to the watched root. A pattern without a slash matches a name at any depth;
// with a slash it is anchored at the root; `**` spans folders; a trailing slash is dropped.

const escapeRegExp = (text: string): string => text.replace(/[.+^${}()|[\]\\]/g, '\\$&');

const globToRegExpSource = (glob: string): string => {
  let source = '';
  for (let index = 0; index < glob.length; index += 1) {
    const char = glob[index] ?? '';
    if (char === '*' && glob[index + 1] === '*') {
      const followedBySlash = glob[index + 2] === '/';
      source += followedBySlash ? '(?:.*/)?' : '.*';
      index += followedBySlash ? 2 : 1;
    } else if (char === '*') {
      source += '[^/]*';
    } else if (char === '?') {
      source += '[^/]';
    } else {
      source += escapeRegExp(char);
    }
  }
  return source;
};

export type PathMatcher = (relativePath: string) => boolean;

/** A matcher for one pattern; relative paths use `/` and have no leading `./`. */
export const compileIgnorePattern = (pattern: string): PathMatcher | undefined => {
  let text = pattern.trim().replace(/^\.\//, '');
  if (text === '' || text.startsWith('#') || text.startsWith('!')) return undefined;
  text = text.replace(/\/+$/, '');
  const anchored = text.includes('/');
  text = text.replace(/^\//, '');
  const body = globToRegExpSource(text);
  // A match on a folder also covers everything below it.
  const regExp = new RegExp(anchored ? `^${body}(?:/.*)?$` : `(?:^|/)${body}(?:/.*)?$`);
  return (relativePath) => regExp.test(relativePath);
};

/** A matcher that is true when any of the patterns matches. */
export const compileIgnorePatterns = (patterns: readonly string[]): PathMatcher => {
  const matchers = patterns
    .map(compileIgnorePattern)
    .filter((matcher): matcher is PathMatcher => matcher !== undefined);
  return (relativePath) => matchers.some((matcher) => matcher(relativePath));
};
