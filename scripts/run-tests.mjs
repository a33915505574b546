#!/usr/bin/env node
// Runs every vitest project (unit and e2e) and ends with one summary line:
// "N passed, N failed[, N skipped]". Exit code is non-zero when anything failed.
//
// DEVUP_TEST_PROJECTS=unit (comma-separated vitest project names) runs only those projects.
// The onboarding e2e test sets it when it runs the README's test command in a fresh clone,
// so that the suite it starts does not run the e2e tests, itself among them, again.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const resultsDir = join(root, '.test-results');
mkdirSync(resultsDir, { recursive: true });
const resultsFile = join(resultsDir, 'vitest.json');
const onlyProjects = (process.env.DEVUP_TEST_PROJECTS ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter((name) => name !== '');
const extraArgs = [...onlyProjects.flatMap((name) => ['--project', name]), ...process.argv.slice(2)];

const run = spawnSync(
  'pnpm',
  ['exec', 'vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${resultsFile}`, ...extraArgs],
  { cwd: root, stdio: 'inherit' },
);

let passed = 0;
let failed = 0;
let skipped = 0;
if (existsSync(resultsFile)) {
  const report = JSON.parse(readFileSync(resultsFile, 'utf8'));
  passed = report.numPassedTests ?? 0;
  failed = (report.numFailedTests ?? 0) + (report.numRuntimeErrorTestSuites ?? 0);
  skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  const brokenFiles = (report.testResults ?? []).filter(
    (file) => file.status === 'failed' && file.assertionResults.length === 0,
  );
  failed += brokenFiles.length;
} else {
  failed = 1;
}
if (run.status !== 0 && failed === 0) failed = 1;
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
