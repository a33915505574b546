// compose-go's loader test data: what Docker Compose v2 accepts loads; what it rejects, devup
// rejects. Verdicts recorded by scripts/record-compose-fixtures.mjs.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { loadProject } from '../../src/index.js';

const conformance = import.meta.dirname;
const { verdicts } = JSON.parse(readFileSync(join(conformance, 'fixtures/compose-go-verdicts.json'), 'utf8')) as {
  verdicts: Array<{ file: string; accepted: boolean; error?: string }>;
};

describe('compose-go test data gets the verdict docker compose config gives it', () => {
  test.each(verdicts.map((verdict) => [verdict.accepted ? 'accepts' : 'rejects', verdict.file, verdict] as const))(
    '%s %s',
    async (_verdict, file, verdict) => {
      const path = join(conformance, file);
      const result = await loadProject({ cwd: dirname(path), env: { HOME: '/tmp/devup-compose-fixtures-home' }, files: [path] });
      const summary = result.ok ? 'accepted' : result.issues.map((issue) => `${issue.file}:${issue.line}:${issue.column} ${issue.path}: ${issue.message}`).join('\n');
      expect(result.ok, summary).toBe(verdict.accepted);
    },
  );
});
