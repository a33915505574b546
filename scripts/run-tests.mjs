#!/usr/bin/env node
// Runs the vitest projects one after the other (unit first, then e2e against the real
// Docker engine, so the timing-sensitive unit tests never compete with engine work) and
// ends with one summary line: "N passed, N failed[, N skipped]". The exit code is non-zero
// when anything failed. Extra arguments (file filters, vitest flags) go to every project.
//
// DEVUP_TEST_PROJECTS=unit (comma-separated vitest project names) runs only those projects.
// The onboarding e2e test sets it when it runs the README's test command in a fresh clone,
// so that the suite it starts does not run the e2e tests, itself among them, again.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const resultsDir = join(root, '.test-results');
mkdirSync(resultsDir, { recursive: true });
const requestedProjects = (process.env.DEVUP_TEST_PROJECTS ?? '')
  .split(',')
  .map((name) => name.trim())
  .filter((name) => name !== '');
const projects = requestedProjects.length > 0 ? requestedProjects : ['unit', 'e2e'];
const extraArgs = process.argv.slice(2);

let passed = 0;
let failed = 0;
let skipped = 0;
for (const project of projects) {
  const resultsFile = join(resultsDir, `vitest-${project}.json`);
  rmSync(resultsFile, { force: true });
  const run = spawnSync(
    'pnpm',
    [
      'exec',
      'vitest',
      'run',
      '--project',
      project,
      '--passWithNoTests',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${resultsFile}`,
      // The e2e files share one Docker engine: one file at a time.
      ...(project === 'e2e' ? ['--no-file-parallelism'] : []),
      ...extraArgs,
    ],
    { cwd: root, stdio: 'inherit' },
  );
  let projectFailed = 0;
  if (existsSync(resultsFile)) {
    const report = JSON.parse(readFileSync(resultsFile, 'utf8'));
    passed += report.numPassedTests ?? 0;
    skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
    // A file that failed before any test ran (an import or a hook error) counts as one failure.
    const brokenFiles = (report.testResults ?? []).filter(
      (file) => file.status === 'failed' && file.assertionResults.length === 0,
    );
    projectFailed = (report.numFailedTests ?? 0) + brokenFiles.length;
  }
  if (run.status !== 0 && projectFailed === 0) projectFailed = 1;
  failed += projectFailed;
}
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 ? 1 : 0);
