// An expected failure with a stable code: rendered once at the edge (the API's error
// handler turns it into an ApiErrorBody), never with a stack trace.

import type { ConfigIssue } from '@devup/schema';
import type { ApiErrorCode } from '../protocol/messages.js';

export class DevError extends Error {
  override readonly name = 'DevError';

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly issues?: ConfigIssue[],
  ) {
    super(message);
  }
}

export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
