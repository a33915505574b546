import { render } from 'ink-testing-library';
import { Profiler } from 'react';
import { expect, test } from 'vitest';
import { eventually } from '../../test/eventually.js';
import { connectedView, log, PROJECT } from '../../test/view-fixtures.js';
import { createTheme } from './theme.js';
import { TuiRoot } from './TuiRoot.js';
import { createViewStore, FRAME_MILLISECONDS } from './view-store.js';

const LINES = 100_000;
const CHUNK = 2_000;
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

test('100,000 lines render in a bounded number of frames, and keys still answer', async () => {
  const store = createViewStore(connectedView());
  let commits = 0;
  const screen = render(
    <Profiler id="tui" onRender={() => (commits += 1)}>
      <TuiRoot store={store} theme={createTheme({ NO_COLOR: '1' })} onCommand={() => {}} />
    </Profiler>,
  );
  const started = performance.now();
  let keyPressedAt = 0;
  let keyAnsweredAt = 0;
  for (let seq = 1; seq <= LINES; seq += 1) {
    store.dispatch({ kind: 'messages', messages: [log(seq, 'web', `request ${seq} served`)] });
    if (seq % CHUNK === 0) {
      if (seq === LINES / 2) {
        keyPressedAt = performance.now();
        screen.stdin.write('j');
        if (store.getState().selectedService === 'web') keyAnsweredAt = performance.now();
      }
      await nextTurn();
    }
  }
  await eventually(() => expect(screen.lastFrame()).toContain(`request ${LINES} served`), 10_000);
  const elapsed = performance.now() - started;
  screen.unmount();

  expect(store.getState().lastLogSeq[PROJECT]).toBe(LINES);
  expect(store.getState().log.entries.length).toBe(store.getState().log.capacity);
  // One frame per ~33 ms at most, plus the key press and the first paint.
  expect(commits).toBeLessThanOrEqual(Math.ceil(elapsed / FRAME_MILLISECONDS) + 4);
  expect(commits).toBeLessThan(LINES / 100);
  // The key was folded at once, in the middle of the flood.
  expect(keyAnsweredAt).toBeGreaterThan(0);
  expect(keyAnsweredAt - keyPressedAt).toBeLessThan(100);
  console.info(`${LINES} lines in ${Math.round(elapsed)} ms, ${commits} renders`);
});
