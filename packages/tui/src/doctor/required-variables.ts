// `${NAME:?message}` and `${NAME?message}` in the raw text of configuration files: which
// variables a project requires, and where. Nested expressions (inside another `${...}`'s
// default) are left out because they are only required conditionally; `$${` is an escape;
// YAML comments are skipped.

export interface RequiredVariable {
  name: string;
  /** `:?` also rejects an empty value; `?` only an unset one. */
  rejectsEmpty: boolean;
  message: string;
  file: string;
  line: number;
  column: number;
}

const commentStart = (line: string): number => {
  let quote: string | undefined;
  for (let index = 0; index < line.length; index += 1) {
    const char = line[index];
    if (quote !== undefined) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (index === 0 || /\s/.test(line[index - 1] ?? ''))) {
      return index;
    }
  }
  return line.length;
};

const requiredPattern = /^\$\{([_a-zA-Z][_a-zA-Z0-9]*)(:?)\?/;

export const findRequiredVariables = (text: string, file: string): RequiredVariable[] => {
  const found: RequiredVariable[] = [];
  text.split(/\r?\n/).forEach((rawLine, lineIndex) => {
    const line = rawLine.slice(0, commentStart(rawLine));
    let depth = 0;
    for (let index = 0; index < line.length; index += 1) {
      const char = line[index];
      if (char === '$' && line[index + 1] === '$') {
        index += 1;
        continue;
      }
      if (char === '$' && line[index + 1] === '{') {
        const match = depth === 0 ? requiredPattern.exec(line.slice(index)) : null;
        if (match !== null) {
          const messageStart = index + match[0].length;
          const close = line.indexOf('}', messageStart);
          found.push({
            name: match[1] ?? '',
            rejectsEmpty: match[2] === ':',
            message: line.slice(messageStart, close === -1 ? line.length : close),
            file,
            line: lineIndex + 1,
            column: index + 1,
          });
        }
        depth += 1;
        index += 1;
        continue;
      }
      if (char === '}' && depth > 0) depth -= 1;
    }
  });
  return found;
};

/** The required variables that the values leave unset (or empty, for `:?`). */
export const unsetRequiredVariables = (
  required: readonly RequiredVariable[],
  values: Readonly<Record<string, string | undefined>>,
): RequiredVariable[] =>
  required.filter((variable) => {
    const value = values[variable.name];
    return value === undefined || (variable.rejectsEmpty && value === '');
  });
