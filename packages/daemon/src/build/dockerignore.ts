// .dockerignore as the docker CLI reads it: one pattern a line, `#` comments, `!`
// exceptions, the last matching pattern wins, `**` spans folders, and a pattern that
// matches a folder excludes everything under it. Pure.

export interface IgnorePattern {
  negated: boolean;
  regex: RegExp;
}

const toRegex = (pattern: string): RegExp => {
  let source = '';
  for (let index = 0; index < pattern.length; index++) {
    const char = pattern[index] ?? '';
    if (char === '*') {
      if (pattern[index + 1] === '*') {
        index++;
        if (pattern[index + 1] === '/') {
          index++;
          source += '(?:.*/)?';
        } else {
          source += '.*';
        }
      } else {
        source += '[^/]*';
      }
    } else if (char === '?') {
      source += '[^/]';
    } else if (char === '[') {
      const end = pattern.indexOf(']', index + 1);
      if (end < 0) {
        source += '\\[';
      } else {
        source += `[${pattern
          .slice(index + 1, end)
          .replace(/^!/, '^')
          .replace(/\\/g, '\\\\')}]`;
        index = end;
      }
    } else if (char === '\\' && index + 1 < pattern.length) {
      index++;
      source += (pattern[index] ?? '').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    } else {
      source += char.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    }
  }
  // A pattern also matches everything under a folder it matches.
  return new RegExp(`^${source}(?:/.*)?$`);
};

const cleanPath = (path: string): string =>
  path
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .reduce<string[]>((parts, part) => (part === '..' ? parts.slice(0, -1) : [...parts, part]), [])
    .join('/');

export const parseDockerignore = (text: string): IgnorePattern[] =>
  text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
    .map((line) => {
      const negated = line.startsWith('!');
      const pattern = cleanPath((negated ? line.slice(1) : line).trim());
      return { negated, regex: toRegex(pattern) };
    })
    .filter((pattern) => pattern.regex.source !== '^(?:/.*)?$');

/** Whether a context-relative POSIX path is excluded. */
export const isIgnored = (relativePath: string, patterns: readonly IgnorePattern[]): boolean => {
  let ignored = false;
  for (const pattern of patterns) if (pattern.regex.test(relativePath)) ignored = !pattern.negated;
  return ignored;
};

/** Whether a folder could still contain an included path (an exception may reach into it). */
export const mayContainIncluded = (relativeDir: string, patterns: readonly IgnorePattern[]): boolean =>
  !isIgnored(relativeDir, patterns) || patterns.some((pattern) => pattern.negated);
