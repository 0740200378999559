// What an operation refuses with: a code from the contracts vocabulary, so any
// transport can answer it (the API maps it to its status table, a socket ack
// or a job log shows the same code). Outages are not InboxErrors; they stay
// the driver's errors for @relay/db's one classifier.
import type { ErrorCode } from '@relay/contracts';

export class InboxError extends Error {
  override name = 'InboxError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const notFound = (what: string) => new InboxError('not_found', `${what} not found`);
