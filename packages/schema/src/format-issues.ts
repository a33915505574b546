// Issues as people read them:
//   dev.yaml:12:7  error  services.web.depends_on: unknown service "dbb"
//                  hint   did you mean "db"?
import type { ConfigIssue } from './model.js';

const paint = (enabled: boolean, code: string, text: string): string =>
  enabled ? `\u001b[${code}m${text}\u001b[0m` : text;

export const formatIssues = (issues: ConfigIssue[], options: { color?: boolean } = {}): string => {
  const color = options.color ?? false;
  const lines: string[] = [];
  for (const issue of issues) {
    const place = `${issue.file}:${issue.line}:${issue.column}`;
    const width = issue.severity.length + 2;
    const label = paint(color, issue.severity === 'error' ? '31;1' : '33;1', issue.severity.padEnd(width));
    const what = issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`;
    lines.push(`${paint(color, '1', place)}  ${label}${what}`);
    if (issue.hint !== undefined) {
      lines.push(`${' '.repeat(place.length)}  ${paint(color, '36', 'hint'.padEnd(width))}${issue.hint}`);
    }
  }
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`;
};
