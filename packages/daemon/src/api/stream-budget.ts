// One budget for the log lines all stream clients hold: each client may hold the budget
// divided by the number of clients, capped by the per-client limit. A line a slow client
// still waits for stays in memory until it is sent, so without a shared budget
// devd's memory would grow with the number of clients.

import type { ApiLimits } from './api-deps.js';
import type { StreamOutbox } from './stream-outbox.js';

export const shareLogBudget = (
  outboxes: ReadonlySet<Pick<StreamOutbox, 'logBytesLimit'>>,
  limits: Pick<ApiLimits, 'clientLogBytes' | 'streamLogBytes'>,
): void => {
  if (limits.streamLogBytes === undefined || outboxes.size === 0) return;
  const share = Math.floor(limits.streamLogBytes / outboxes.size);
  for (const outbox of outboxes)
    outbox.logBytesLimit = share < (limits.clientLogBytes ?? Number.POSITIVE_INFINITY) ? share : undefined;
};
