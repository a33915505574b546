// The base images a Dockerfile builds FROM: global ARGs substituted (build args override their
// defaults), `--platform` flags skipped, earlier stages and `scratch` left out.

export interface BaseImage {
  reference: string;
  /** 1-based line of the FROM instruction. */
  line: number;
}

export interface DockerfileBases {
  bases: BaseImage[];
  /** FROM references that still hold an unresolved variable. */
  unresolved: BaseImage[];
}

/** Joins continuation lines, keeping each instruction's first line number; drops comments. */
const logicalLines = (text: string): { text: string; line: number }[] => {
  const result: { text: string; line: number }[] = [];
  let current: { text: string; line: number } | undefined;
  text.split(/\r?\n/).forEach((raw, index) => {
    const trimmed = raw.trim();
    if (current === undefined && (trimmed === '' || trimmed.startsWith('#'))) return;
    if (current !== undefined && trimmed.startsWith('#')) return;
    const continued = /\\\s*$/.test(raw);
    const piece = raw.replace(/\\\s*$/, '');
    current =
      current === undefined
        ? { text: piece, line: index + 1 }
        : { ...current, text: `${current.text} ${piece.trim()}` };
    if (!continued) {
      result.push(current);
      current = undefined;
    }
  });
  if (current !== undefined) result.push(current);
  return result;
};

const substitute = (text: string, variables: ReadonlyMap<string, string>): string =>
  text.replace(
    /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::?-([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g,
    (whole, braced, fallback, bare) => {
      const name = (braced ?? bare) as string;
      const value = variables.get(name);
      if (value !== undefined && value !== '') return value;
      return fallback ?? (value === undefined ? whole : '');
    },
  );

export const parseDockerfileBases = (
  text: string,
  buildArgs: Readonly<Record<string, string | null>> = {},
): DockerfileBases => {
  const globalArgs = new Map<string, string>();
  const stageNames = new Set<string>();
  const bases: BaseImage[] = [];
  const unresolved: BaseImage[] = [];
  let seenFrom = false;
  for (const instruction of logicalLines(text)) {
    const [keyword = '', ...rest] = instruction.text.trim().split(/\s+/);
    const upper = keyword.toUpperCase();
    if (upper === 'ARG' && !seenFrom) {
      for (const declaration of rest) {
        const [name = '', ...valueParts] = declaration.split('=');
        const fromBuild = buildArgs[name];
        const declared = valueParts.length > 0 ? valueParts.join('=').replace(/^["']|["']$/g, '') : undefined;
        const value = fromBuild ?? declared;
        if (value !== undefined) globalArgs.set(name, value);
      }
      continue;
    }
    if (upper !== 'FROM') continue;
    seenFrom = true;
    const words = rest.filter((word) => !word.startsWith('--'));
    const reference = substitute(words[0] ?? '', globalArgs);
    const asIndex = words.findIndex((word) => word.toLowerCase() === 'as');
    const stageName = asIndex >= 0 ? words[asIndex + 1] : undefined;
    if (reference !== '' && reference.toLowerCase() !== 'scratch' && !stageNames.has(reference.toLowerCase())) {
      (reference.includes('$') ? unresolved : bases).push({ reference, line: instruction.line });
    }
    if (stageName !== undefined) stageNames.add(stageName.toLowerCase());
  }
  return { bases, unresolved };
};
