// Config fuzzing: the conformance corpus, mutated (seeded, replayable), fed to the loader.
// The loader never throws, never hangs (a time bound per case) and every rejection names
// a file, a line >= 1 and a column >= 1. FUZZ_CASES and FUZZ_SEED change the run.

import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { afterAll, expect, test } from 'vitest';
import { loadProject } from '../../src/index.js';
import { mutateYaml, mutationNames, seededRandom } from './mutate-yaml.js';

const CASES = Number(process.env['FUZZ_CASES'] ?? 10_000);
const SEED = Number(process.env['FUZZ_SEED'] ?? 20261122);
const CASE_LIMIT_MS = 2000;

const conformanceDir = join(import.meta.dirname, '..', 'conformance');
const corpusFiles = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const entry = join(dir, name);
    if (statSync(entry).isDirectory()) return corpusFiles(entry);
    return /\.ya?ml$/.test(name) ? [entry] : [];
  });
const corpus = corpusFiles(conformanceDir)
  .sort()
  .map((file) => ({ name: relative(conformanceDir, file), text: readFileSync(file, 'utf8') }));

const workDir = mkdtempSync(join(tmpdir(), 'devup-config-fuzz-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

interface Failure {
  caseNumber: number;
  source: string;
  applied: string[];
  problem: string;
  text: string;
}

test(`${CASES} mutated corpus files: the loader never throws or hangs, and every rejection is located`, async () => {
  expect(corpus.length).toBeGreaterThan(50);
  const random = seededRandom(SEED);
  const failures: Failure[] = [];
  const counts = { ok: 0, rejected: 0, issues: 0 };
  const appliedCounts = Object.fromEntries(mutationNames.map((name) => [name, 0]));
  let slowest = { ms: 0, caseNumber: 0 };
  const projectDir = join(workDir, 'project');
  mkdirSync(projectDir, { recursive: true });
  const composeFile = join(projectDir, 'compose.yaml');

  for (let caseNumber = 1; caseNumber <= CASES; caseNumber += 1) {
    const source = corpus[Math.floor(random() * corpus.length)] as (typeof corpus)[number];
    const { text, applied } = mutateYaml(source.text, random);
    for (const name of applied) appliedCounts[name] = (appliedCounts[name] ?? 0) + 1;
    writeFileSync(composeFile, text);
    const started = performance.now();
    let problem: string | undefined;
    try {
      const result = await loadProject({ cwd: projectDir, env: {} });
      if (result.ok) {
        counts.ok += 1;
      } else {
        counts.rejected += 1;
        counts.issues += result.issues.length;
        if (result.issues.length === 0) problem = 'rejected without any issue';
        const unlocated = result.issues.find((issue) => !(typeof issue.file === 'string' && issue.file !== '' && issue.line >= 1 && issue.column >= 1));
        if (unlocated !== undefined) problem = `issue without a location: ${JSON.stringify(unlocated)}`;
      }
    } catch (error) {
      problem = `threw: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`;
    }
    const elapsed = performance.now() - started;
    if (elapsed > slowest.ms) slowest = { ms: elapsed, caseNumber };
    if (elapsed > CASE_LIMIT_MS) problem ??= `took ${Math.round(elapsed)} ms (limit ${CASE_LIMIT_MS} ms)`;
    if (problem !== undefined) failures.push({ caseNumber, source: source.name, applied, problem, text });
  }

  if (failures.length > 0) {
    const failureDir = join(tmpdir(), `devup-config-fuzz-failures-${SEED}`);
    mkdirSync(failureDir, { recursive: true });
    for (const failure of failures.slice(0, 50)) writeFileSync(join(failureDir, `case-${failure.caseNumber}.yaml`), failure.text);
    console.error(`config fuzz: ${failures.length} failures (seed ${SEED}); first cases written to ${failureDir}`);
  }
  console.info(
    `config fuzz: seed ${SEED}, ${CASES} cases from ${corpus.length} corpus files: ${counts.ok} loaded, ${counts.rejected} rejected with ${counts.issues} located issues; slowest case ${slowest.ms.toFixed(1)} ms (#${slowest.caseNumber}); mutations ${JSON.stringify(appliedCounts)}`,
  );
  expect(failures.slice(0, 5).map(({ caseNumber, source, applied, problem }) => ({ caseNumber, source, applied, problem: problem.slice(0, 600) }))).toEqual([]);
  expect(counts.rejected).toBeGreaterThan(CASES / 10);
}, 180_000);
