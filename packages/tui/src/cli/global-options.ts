// Compose's project options, given before the command: -f/--file (repeatable),
// -p/--project-name, --project-directory, --env-file (repeatable), --profile (repeatable).
// The COMPOSE_* variables are read by the loader from the environment.

import { UsageError } from './cli-io.js';

export interface GlobalOptions {
  files: string[];
  projectName?: string;
  projectDirectory?: string;
  envFiles: string[];
  profiles: string[];
  version: boolean;
  help: boolean;
}

export interface ParsedCommandLine {
  globals: GlobalOptions;
  command?: string;
  /** Everything after the command name, for the command's own parser. */
  rest: string[];
}

const withValue: Record<string, keyof GlobalOptions> = {
  '-f': 'files',
  '--file': 'files',
  '-p': 'projectName',
  '--project-name': 'projectName',
  '--project-directory': 'projectDirectory',
  '--env-file': 'envFiles',
  '--profile': 'profiles',
};

export const parseCommandLine = (argv: readonly string[]): ParsedCommandLine => {
  const globals: GlobalOptions = { files: [], envFiles: [], profiles: [], version: false, help: false };
  let index = 0;
  while (index < argv.length) {
    const token = argv[index] as string;
    if (!token.startsWith('-') || token === '-') break;
    if (token === '--') {
      index += 1;
      break;
    }
    if (token === '--version' || token === '-v') {
      globals.version = true;
      index += 1;
      continue;
    }
    if (token === '--help' || token === '-h') {
      globals.help = true;
      index += 1;
      continue;
    }
    const equals = token.startsWith('--') ? token.indexOf('=') : -1;
    const flag = equals > 0 ? token.slice(0, equals) : token;
    const key = withValue[flag];
    if (key === undefined)
      throw new UsageError(`unknown option ${flag} (project options go before the command; see dev --help)`);
    let value: string | undefined;
    if (equals > 0) value = token.slice(equals + 1);
    else {
      value = argv[index + 1];
      index += 1;
    }
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    index += 1;
    switch (key) {
      case 'files':
      case 'envFiles':
      case 'profiles':
        globals[key].push(value);
        break;
      case 'projectName':
      case 'projectDirectory':
        globals[key] = value;
        break;
      case 'version':
      case 'help':
        break;
    }
  }
  const command = argv[index];
  return { globals, ...(command !== undefined ? { command } : {}), rest: argv.slice(index + 1) };
};
