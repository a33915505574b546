// A command string split into words as Compose does (shell quoting rules, no expansion).

export const splitShellWords = (text: string): string[] | { error: string } => {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | undefined;
  for (let index = 0; index < text.length; index += 1) {
    const char = text[index] ?? '';
    if (quote === "'") {
      if (char === "'") quote = undefined;
      else current += char;
      continue;
    }
    if (quote === '"') {
      if (char === '"') quote = undefined;
      else if (char === '\\' && ['"', '\\', '$', '`'].includes(text[index + 1] ?? '')) {
        current += text[index + 1];
        index += 1;
      } else current += char;
      continue;
    }
    if (char === '\\') {
      current += text[index + 1] ?? '';
      index += 1;
      inWord = true;
    } else if (char === "'" || char === '"') {
      quote = char;
      inWord = true;
    } else if (char === ' ' || char === '\t' || char === '\n') {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += char;
      inWord = true;
    }
  }
  if (quote !== undefined) return { error: `unterminated ${quote === '"' ? 'double' : 'single'} quote` };
  if (inWord) words.push(current);
  return words;
};
