// Check: every variable the configuration requires (`${X:?msg}`, `${X?msg}`) is set.
import type { ConfigIssue } from '@devup/schema';
import type { CheckResult } from './check-result.js';

export interface MissingVariable {
  name: string;
  message: string;
  file: string;
  line: number;
  column: number;
}

const loaderPattern = /^required variable ([_a-zA-Z][_a-zA-Z0-9]*) is missing a value(?:: (.*))?$/s;

/** The loader reports an unset required variable as an interpolation error; pick those out. */
export const missingFromLoaderIssues = (issues: readonly ConfigIssue[]): MissingVariable[] =>
  issues.flatMap((issue) => {
    const match = issue.severity === 'error' ? loaderPattern.exec(issue.message) : null;
    if (match === null) return [];
    return [
      { name: match[1] ?? '', message: match[2] ?? '', file: issue.file, line: issue.line, column: issue.column },
    ];
  });

export const isMissingVariableIssue = (issue: ConfigIssue): boolean => missingFromLoaderIssues([issue]).length > 0;

export interface VariableCheckInput {
  missing: readonly MissingVariable[];
  /** Where `.env` is read, for the fix hint. */
  envFile: string;
  /** How many required variables the files name (for the ok line), when known. */
  requiredCount?: number;
}

export const checkRequiredVariables = ({ missing, envFile, requiredCount }: VariableCheckInput): CheckResult => {
  const base = { id: 'variables', title: 'Required variables' };
  const seen = new Set<string>();
  const distinct = missing.filter((variable) => {
    const key = `${variable.name}|${variable.file}|${variable.line}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  if (distinct.length === 0) {
    const detail =
      requiredCount === undefined
        ? 'all set'
        : requiredCount === 0
          ? 'the configuration requires none'
          : `all ${requiredCount} required variable(s) set`;
    return { ...base, status: 'ok', detail };
  }
  const names = [...new Set(distinct.map((variable) => variable.name))];
  return {
    ...base,
    status: 'fail',
    detail: distinct
      .map(
        (variable) =>
          `${variable.file}:${variable.line}:${variable.column}  ${variable.name} is not set${variable.message === '' ? '' : `: ${variable.message}`}`,
      )
      .join('\n'),
    fix: [
      `set ${names.join(', ')} before \`dev up\`: in your shell (${names.map((name) => `\`export ${name}=...\``).join(', ')})`,
      `or in ${envFile} (${names.map((name) => `${name}=...`).join(', ')}).`,
    ].join('\n'),
  };
};
