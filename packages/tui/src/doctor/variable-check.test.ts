import type { ConfigIssue } from '@devup/schema';
import { describe, expect, test } from 'vitest';
import { checkRequiredVariables, missingFromLoaderIssues } from './variable-check.js';

const issue = (message: string, severity: 'error' | 'warning' = 'error'): ConfigIssue => ({
  severity,
  file: 'compose.yaml',
  line: 4,
  column: 12,
  path: 'services.web.image',
  message,
  code: 'interpolation',
});

describe('missingFromLoaderIssues', () => {
  test.each([
    {
      message: 'required variable TAG is missing a value: TAG must be set',
      expected: [{ name: 'TAG', message: 'TAG must be set' }],
    },
    { message: 'required variable TAG is missing a value', expected: [{ name: 'TAG', message: '' }] },
    { message: 'invalid interpolation format for "${}"', expected: [] },
  ])('$message', ({ message, expected }) => {
    expect(missingFromLoaderIssues([issue(message)])).toEqual(
      expected.map((fields) => ({ ...fields, file: 'compose.yaml', line: 4, column: 12 })),
    );
  });
});

describe('checkRequiredVariables', () => {
  test('passes when nothing is missing', () => {
    expect(checkRequiredVariables({ missing: [], envFile: '/src/shop/.env', requiredCount: 2 })).toEqual({
      id: 'variables',
      title: 'Required variables',
      status: 'ok',
      detail: 'all 2 required variable(s) set',
    });
  });

  test('fails with each place and how to set them', () => {
    const missing = [
      { name: 'TAG', message: 'TAG must be set', file: 'compose.yaml', line: 4, column: 12 },
      { name: 'TAG', message: 'TAG must be set', file: 'compose.yaml', line: 4, column: 12 },
      { name: 'KEY', message: '', file: 'dev.yaml', line: 9, column: 7 },
    ];
    expect(checkRequiredVariables({ missing, envFile: '/src/shop/.env' })).toMatchInlineSnapshot(`
      {
        "detail": "compose.yaml:4:12  TAG is not set: TAG must be set
      dev.yaml:9:7  KEY is not set",
        "fix": "set TAG, KEY before \`dev up\`: in your shell (\`export TAG=...\`, \`export KEY=...\`)
      or in /src/shop/.env (TAG=..., KEY=...).",
        "id": "variables",
        "status": "fail",
        "title": "Required variables",
      }
    `);
  });
});
