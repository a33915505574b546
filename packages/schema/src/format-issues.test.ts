import { describe, expect, test } from 'vitest';
import { formatIssues } from './format-issues.js';
import type { ConfigIssue } from './model.js';

const issue: ConfigIssue = {
  severity: 'error',
  file: 'dev.yaml',
  line: 12,
  column: 7,
  path: 'services.web.depends_on',
  message: 'unknown service "dbb"',
  hint: 'did you mean "db"?',
  code: 'unknown-dependency',
};

describe('formatIssues', () => {
  test('prints place, severity, path and message, with the hint aligned below', () => {
    expect(
      formatIssues([
        issue,
        {
          ...issue,
          severity: 'warning',
          line: 3,
          column: 5,
          path: 'services.web.cap_add',
          message: 'not applied',
          code: 'not-applied',
          hint: undefined,
        },
      ]),
    ).toMatchInlineSnapshot(`
        "dev.yaml:12:7  error  services.web.depends_on: unknown service "dbb"
                       hint   did you mean "db"?
        dev.yaml:3:5  warning  services.web.cap_add: not applied
        "
      `);
  });

  test('colours only when asked', () => {
    expect(formatIssues([issue], { color: true })).toContain('\u001b[31;1merror  \u001b[0m');
    expect(formatIssues([issue])).not.toContain('\u001b[');
  });
});
