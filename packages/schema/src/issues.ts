// Building ConfigIssues: one place that turns a location and words into an issue.
import type { ConfigIssue } from './model.js';
import type { SourceLocation } from './source-map.js';
import { type TreePath, formatPath } from './tree.js';

export interface IssueInput {
  code: string;
  message: string;
  hint?: string;
  severity?: 'error' | 'warning';
}

export const issueAt = (location: SourceLocation, path: TreePath | string, input: IssueInput): ConfigIssue => ({
  severity: input.severity ?? 'error',
  file: location.file,
  line: location.line,
  column: location.column,
  path: typeof path === 'string' ? path : formatPath(path),
  message: input.message,
  ...(input.hint === undefined ? {} : { hint: input.hint }),
  code: input.code,
});

export const hasErrors = (issues: readonly ConfigIssue[]): boolean =>
  issues.some((issue) => issue.severity === 'error');

const compareText = (left: string, right: string): number => (left < right ? -1 : left > right ? 1 : 0);

const compareIssues = (left: ConfigIssue, right: ConfigIssue): number =>
  compareText(left.file, right.file) || left.line - right.line || left.column - right.column;

/** Sorted by place, each distinct issue once. */
export const tidyIssues = (issues: readonly ConfigIssue[]): ConfigIssue[] => {
  const seen = new Set<string>();
  const unique = issues.filter((issue) => {
    const key = `${issue.severity}|${issue.file}|${issue.line}|${issue.column}|${issue.path}|${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return unique.sort(compareIssues);
};
