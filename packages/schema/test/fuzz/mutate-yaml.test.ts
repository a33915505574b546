import { expect, test } from 'vitest';
import { mutateYaml, mutationNames, seededRandom } from './mutate-yaml.js';

const text = 'services:\n  web:\n    image: nginx\n    ports:\n      - "8080:80"\n';

test('the same seed gives the same cases (a failure can be replayed)', () => {
  const run = (seed: number) => Array.from({ length: 20 }, (_, index, random = seededRandom(seed + index)) => mutateYaml(text, random));
  expect(run(7)).toEqual(run(7));
  expect(run(7)).not.toEqual(run(8));
});

test('over many cases every mutation is used and most cases differ from the input', () => {
  const random = seededRandom(1);
  const cases = Array.from({ length: 2000 }, () => mutateYaml(text, random));
  expect(new Set(cases.flatMap((mutated) => mutated.applied))).toEqual(new Set(mutationNames));
  expect(cases.filter((mutated) => mutated.text !== text).length).toBeGreaterThan(1800);
});
