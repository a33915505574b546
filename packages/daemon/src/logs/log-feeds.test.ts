import { expect, test } from 'vitest';
import type { LogLine } from '../protocol/messages.js';
import { unitLines } from './lines-unit.js';
import { type FeedEvent, LogFeeds, type ServiceRef } from './log-feeds.js';
import { LogHub } from './log-hub.js';

const setup = (capacity = 100) => {
  const hub = new LogHub(capacity);
  const received = new Map<number, FeedEvent[]>();
  const emitted: { feedIds: readonly number[]; event: FeedEvent }[] = [];
  const arrivals: ServiceRef[][] = [];
  // A long tick: the tests run ticks themselves.
  const feeds = new LogFeeds(
    hub,
    (feedIds, event) => {
      emitted.push({ feedIds, event });
      for (const id of feedIds) received.set(id, [...(received.get(id) ?? []), event]);
    },
    (refs) => arrivals.push(refs),
    60_000,
  );
  const append = (serviceName: string, text: string, projectName = 'shop') =>
    hub.append({ projectName, serviceName, replica: 1, stream: 'stdout', time: '2026-11-22T05:00:00Z', text });
  const textsOf = (feedId: number): string[] =>
    (received.get(feedId) ?? []).flatMap((event) =>
      event.type === 'units' ? event.units.flatMap(unitLines).map((line: LogLine) => line.text) : [],
    );
  return { hub, feeds, received, emitted, arrivals, append, textsOf };
};

test('a feed gets its tail, then each tick the lines after it, once', () => {
  const { feeds, append, textsOf, arrivals } = setup();
  append('web', 'w1');
  append('db', 'd1');
  append('web', 'w2');
  feeds.open(1, { projectName: 'shop', tail: 1 });
  expect(textsOf(1)).toEqual(['d1', 'w2']);
  append('web', 'w3');
  append('db', 'd2');
  feeds.tick();
  feeds.tick();
  expect(textsOf(1)).toEqual(['d1', 'w2', 'w3', 'd2']);
  expect(arrivals.at(-1)).toEqual([
    { projectName: 'shop', serviceName: 'web' },
    { projectName: 'shop', serviceName: 'db' },
  ]);
  feeds.stop();
});

test('feeds with the same subscription share one unit; a service filter and another project are kept apart', () => {
  const { feeds, append, textsOf, emitted } = setup();
  feeds.open(1, { projectName: 'shop', tail: 0 });
  feeds.open(2, { projectName: 'shop', services: [], tail: 0 });
  feeds.open(3, { projectName: 'shop', services: ['db'], tail: 0 });
  feeds.open(4, { tail: 0 });
  append('web', 'w1');
  append('db', 'd1');
  append('web', 'other', 'blog');
  feeds.tick();
  expect(textsOf(1)).toEqual(['w1', 'd1']);
  expect(textsOf(2)).toEqual(['w1', 'd1']);
  expect(textsOf(3)).toEqual(['d1']);
  expect(textsOf(4)).toEqual(['w1', 'd1', 'other']);
  const shared = emitted.find((entry) => entry.feedIds.includes(1));
  expect(shared?.feedIds).toEqual([1, 2]);
  feeds.close(1);
  feeds.close(2);
  append('web', 'w2');
  feeds.tick();
  expect(textsOf(1)).toEqual(['w1', 'd1']);
  expect(textsOf(4)).toEqual(['w1', 'd1', 'other', 'w2']);
  feeds.stop();
});

test('lines appended before a feed opens, not yet ticked, reach it once, in its backlog', () => {
  const { feeds, append, textsOf } = setup();
  feeds.open(1, { projectName: 'shop', tail: 0 });
  append('web', 'w1');
  feeds.open(2, { projectName: 'shop', tail: 5 });
  feeds.tick();
  expect(textsOf(1)).toEqual(['w1']);
  expect(textsOf(2)).toEqual(['w1']);
  feeds.stop();
});

test('a feed resuming after a sequence number gets what came after it, or is told what it missed', () => {
  const { feeds, append, textsOf, received } = setup(2);
  for (let index = 1; index <= 5; index += 1) append('web', `w${index}`);
  feeds.open(1, { projectName: 'shop', after: { shop: 3 }, tail: 0 });
  expect(textsOf(1)).toEqual(['w4', 'w5']);
  feeds.open(2, { projectName: 'shop', after: { shop: 1 }, tail: 0 });
  expect(received.get(2)?.[0]).toEqual({ type: 'skipped', projectName: 'shop', fromSeq: 2, toSeq: 3 });
  expect(textsOf(2)).toEqual(['w4', 'w5']);
  // After numbers the hub has not reached (a restarted daemon): nothing up to them.
  feeds.open(3, { projectName: 'shop', after: { shop: 6 }, tail: 0 });
  append('web', 'w6');
  append('web', 'w7');
  feeds.tick();
  expect(textsOf(3)).toEqual(['w7']);
  expect(textsOf(1)).toEqual(['w4', 'w5', 'w6', 'w7']);
  feeds.stop();
});
