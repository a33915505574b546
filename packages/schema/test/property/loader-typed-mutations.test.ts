// Property: replacing any value of a valid file with another value of any type (still valid
// YAML) never makes the loader throw; it returns a project or located issues.
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, test } from 'vitest';
import { loadProject } from '../../src/index.js';
import { parseYaml, stringifyYaml } from '../../src/phases/parse.js';
import { type Tree, type TreePath, isList, isMap } from '../../src/tree.js';

const samplesDir = join(import.meta.dirname, '../conformance/awesome-compose');
const trees = readdirSync(samplesDir)
  .sort()
  .map((sample) => {
    const file = readdirSync(join(samplesDir, sample)).find((name) => /compose\.ya?ml$/.test(name)) ?? 'compose.yaml';
    return parseYaml(readFileSync(join(samplesDir, sample, file), 'utf8'), file).tree;
  });

const pathsOf = (tree: Tree, path: TreePath = []): TreePath[] => {
  const children = isMap(tree)
    ? Object.entries(tree).flatMap(([key, value]) => pathsOf(value, [...path, key]))
    : isList(tree)
      ? tree.flatMap((value, index) => pathsOf(value, [...path, index]))
      : [];
  return [path, ...children];
};

const replaceAt = (tree: Tree, path: TreePath, value: Tree): Tree => {
  const [head, ...rest] = path;
  if (head === undefined) return value;
  if (isMap(tree)) return { ...tree, [String(head)]: replaceAt(tree[String(head)] ?? null, rest, value) };
  if (isList(tree) && typeof head === 'number') return tree.map((item, index) => (index === head ? replaceAt(item, rest, value) : item));
  return tree;
};

const oddValues: Tree[] = ['', '0', '-1', '65536', '80:80', '/', '.', '..', '~', '${X}', '$$', 'a:b:c:d', '1-0', 'true', 'null', 0, -1, 1.5, true, null, [], {}, [null], { '': null }];
const value: fc.Arbitrary<Tree> = fc.oneof(
  fc.constantFrom(...oddValues),
  fc.jsonValue({ maxDepth: 2 }) as fc.Arbitrary<Tree>,
);

const workDir = mkdtempSync(join(tmpdir(), 'devup-schema-typed-'));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

describe('the loader on valid files with a value of another type', () => {
  test('never throws: returns a project or located issues', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.nat(), fc.nat(), value, async (treeIndex, pathIndex, replacement) => {
        run += 1;
        const tree = trees[treeIndex % trees.length] ?? null;
        const paths = pathsOf(tree);
        const path = paths[pathIndex % paths.length] ?? [];
        const file = join(workDir, `compose-${run}.yaml`);
        writeFileSync(file, stringifyYaml(replaceAt(tree, path, replacement)));
        const result = await loadProject({ cwd: workDir, env: { HOME: '/home/dev' }, files: [file] });
        if (result.ok) {
          expect(Object.keys(result.project.services).length).toBeGreaterThanOrEqual(0);
          return;
        }
        expect(result.issues.length).toBeGreaterThan(0);
        for (const issue of result.issues) expect(issue.line).toBeGreaterThanOrEqual(1);
      }),
      { numRuns: 300 },
    );
  }, 120_000);
});
