// A tiny interpreter for the `sh -c` scripts the fake engine's users write in tests:
// `echo TEXT`, `echo TEXT >&2`, `exit N`, and anything else meaning "keep running".
// Just enough for the contract suite to run the same commands against both engines.

export interface ScriptResult {
  output: { stream: 'stdout' | 'stderr'; text: string }[];
  /** Undefined when the script keeps running. */
  exitCode: number | undefined;
}

const unquote = (text: string): string => text.trim().replace(/^(['"])(.*)\1$/, '$2');

export const runFakeScript = (command: string[] | undefined): ScriptResult => {
  const script =
    command && (command[0] === 'sh' || command[0] === 'bash') && command[1] === '-c' ? command[2] : undefined;
  if (script === undefined) return { output: [], exitCode: undefined };
  const output: ScriptResult['output'] = [];
  for (const statement of script.split(/;|&&|\n/).map((part) => part.trim())) {
    if (statement === '') continue;
    const exit = /^exit\s+(\d+)$/.exec(statement);
    if (exit) return { output, exitCode: Number(exit[1]) };
    const echo = /^echo\s+(.*?)(\s+>&2)?$/.exec(statement);
    if (echo) {
      output.push({ stream: echo[2] ? 'stderr' : 'stdout', text: unquote(echo[1] ?? '') + '\n' });
      continue;
    }
    if (statement === 'true') continue;
    return { output, exitCode: undefined };
  }
  return { output, exitCode: 0 };
};
