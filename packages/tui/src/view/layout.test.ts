import { expect, test } from 'vitest';
import { computeLayout } from './layout.js';

test.each([
  { rows: 24, serviceCount: 4, configLines: 0, crashLines: undefined, expected: [23, 4, 0, 0, 15] },
  { rows: 24, serviceCount: 20, configLines: 0, crashLines: undefined, expected: [23, 9, 0, 0, 10] },
  { rows: 24, serviceCount: 4, configLines: 3, crashLines: 10, expected: [23, 4, 4, 7, 4] },
  { rows: 10, serviceCount: 4, configLines: 3, crashLines: 3, expected: [9, 2, 0, 0, 3] },
  { rows: 5, serviceCount: 4, configLines: 0, crashLines: undefined, expected: [8, 1, 0, 0, 3] },
  { rows: 50, serviceCount: 6, configLines: 0, crashLines: 5, expected: [49, 6, 0, 6, 33] },
])('$rows rows, $serviceCount services, panels $configLines/$crashLines', (input) => {
  const layout = computeLayout(input);
  expect([layout.frameRows, layout.tableRows, layout.configRows, layout.crashRows, layout.logRows]).toEqual(
    input.expected,
  );
  expect(4 + layout.tableRows + layout.configRows + layout.crashRows + layout.logRows).toBe(layout.frameRows);
});
