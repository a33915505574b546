import { expect, test } from 'vitest';
import { connectedView, log, PROJECT } from '../../test/view-fixtures.js';
import { createViewStore, type ViewStoreClock } from './view-store.js';

function manualClock(): ViewStoreClock & { advance(milliseconds: number): void } {
  let now = 0;
  let timers: Array<{ at: number; callback: () => void; handle: number }> = [];
  let nextHandle = 1;
  return {
    now: () => now,
    setTimeout(callback, milliseconds) {
      const handle = nextHandle++;
      timers.push({ at: now + milliseconds, callback, handle });
      return handle;
    },
    clearTimeout(handle) {
      timers = timers.filter((timer) => timer.handle !== handle);
    },
    advance(milliseconds) {
      const until = now + milliseconds;
      for (;;) {
        const due = timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at)[0];
        if (due === undefined) break;
        timers = timers.filter((timer) => timer !== due);
        now = due.at;
        due.callback();
      }
      now = until;
    },
  };
}

test('messages are folded once per frame, however many arrive', () => {
  const clock = manualClock();
  const store = createViewStore(connectedView(), { frameMilliseconds: 33, clock });
  let notified = 0;
  store.subscribe(() => (notified += 1));
  let seq = 0;
  for (let millisecond = 0; millisecond < 1000; millisecond += 1) {
    for (let line = 0; line < 10; line += 1) {
      seq += 1;
      store.dispatch({ kind: 'messages', messages: [log(seq, 'web', `line ${seq}`)] });
    }
    clock.advance(1);
  }
  clock.advance(100);
  expect(store.getState().lastLogSeq[PROJECT]).toBe(10_000);
  expect(notified).toBeLessThanOrEqual(32);
  expect(notified).toBeGreaterThanOrEqual(28);
  expect(store.frames()).toBe(notified);
});

test('keys are folded at once, with what was queued before them', () => {
  const clock = manualClock();
  const store = createViewStore(connectedView(), { clock });
  store.dispatch({ kind: 'messages', messages: [log(1, 'web', 'before the key')] });
  store.dispatchNow({ kind: 'action', action: { type: 'select-next' } });
  expect(store.getState().selectedService).toBe('web');
  expect(store.getState().log.entries.map((entry) => entry.text)).toEqual(['before the key']);
});

test('a disposed store ignores what still arrives', () => {
  const clock = manualClock();
  const store = createViewStore(connectedView(), { clock });
  store.dispose();
  store.dispatch({ kind: 'messages', messages: [log(1, 'web', 'late')] });
  clock.advance(100);
  expect(store.getState().log.entries).toEqual([]);
});
