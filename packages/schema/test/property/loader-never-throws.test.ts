// Property: whatever a valid file is mutated into, the loader never throws; it returns either
// a project or at least one located issue.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { loadProject } from '../../src/index.js';

const samplesDir = join(import.meta.dirname, '../conformance/awesome-compose');
const sources = readdirSync(samplesDir)
  .sort()
  .map((sample) => {
    const file = readdirSync(join(samplesDir, sample)).find((name) => /compose\.ya?ml$/.test(name)) ?? 'compose.yaml';
    return readFileSync(join(samplesDir, sample, file), 'utf8');
  });

const workDir = mkdtempSync(join(tmpdir(), 'devup-schema-property-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

const fragments = [':', '-', ' ', '\t', '\n', '"', "'", '{', '}', '[', ']', '&a', '*a', '<<: *a', '${', '${X:?bad}', '$$', '!reset', '!override', '#', '0', 'null', 'true', 'x-dev:', 'services:', '  ports: ["80:80"]', 'depends_on: [nope]', '~'];

type Mutation =
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'duplicate-line'; line: number }
  | { kind: 'drop-line'; line: number }
  | { kind: 'swap-lines'; first: number; second: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), text: fc.oneof(fc.constantFrom(...fragments), fc.string({ maxLength: 6 })) }),
  fc.record({ kind: fc.constant('duplicate-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('drop-line' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('swap-lines' as const), first: fc.nat(), second: fc.nat() }),
);

const applyMutation = (text: string, change: Mutation): string => {
  const lines = text.split('\n');
  switch (change.kind) {
    case 'delete': {
      const at = change.at % Math.max(1, text.length);
      return text.slice(0, at) + text.slice(at + change.length);
    }
    case 'insert': {
      const at = change.at % Math.max(1, text.length + 1);
      return text.slice(0, at) + change.text + text.slice(at);
    }
    case 'duplicate-line': {
      const line = change.line % lines.length;
      lines.splice(line, 0, lines[line] ?? '');
      return lines.join('\n');
    }
    case 'drop-line':
      lines.splice(change.line % lines.length, 1);
      return lines.join('\n');
    case 'swap-lines': {
      const first = change.first % lines.length;
      const second = change.second % lines.length;
      [lines[first], lines[second]] = [lines[second] ?? '', lines[first] ?? ''];
      return lines.join('\n');
    }
  }
};

describe('the loader on mutated valid files', () => {
  test('never throws: returns a project or located issues', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: sources.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (index, changes) => {
        run += 1;
        const text = changes.reduce(applyMutation, sources[index] ?? '');
        const file = join(workDir, `compose-${run}.yaml`);
        writeFileSync(file, text);
        const result = await loadProject({ cwd: workDir, env: { HOME: '/home/dev', X: 'x' }, files: [file] });
        if (result.ok) {
          expect(typeof result.project.name).toBe('string');
          return;
        }
        expect(result.issues.length).toBeGreaterThan(0);
        for (const issue of result.issues) {
          expect(issue.line).toBeGreaterThanOrEqual(1);
          expect(issue.column).toBeGreaterThanOrEqual(1);
          expect(issue.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
