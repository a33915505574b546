import { describe, expect, test } from 'vitest';
import { shareLogBudget } from './stream-budget.js';

describe('shareLogBudget', () => {
  test.each([
    { clients: 1, limit: undefined },
    { clients: 2, limit: undefined },
    { clients: 4, limit: 16 },
    { clients: 20, limit: 3 },
  ])('$clients clients of a 64-byte budget, 32 each at most: $limit', ({ clients, limit }) => {
    const outboxes = new Set(Array.from({ length: clients }, () => ({ logBytesLimit: 1 as number | undefined })));
    shareLogBudget(outboxes, { clientLogBytes: 32, streamLogBytes: 64 });
    expect([...outboxes].map((outbox) => outbox.logBytesLimit)).toEqual(Array.from({ length: clients }, () => limit));
  });

  test('without a shared budget nothing changes', () => {
    const outbox = { logBytesLimit: undefined };
    shareLogBudget(new Set([outbox]), { clientLogBytes: 32 });
    expect(outbox.logBytesLimit).toBeUndefined();
  });
});
