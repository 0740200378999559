// The two ways an inbound webhook is refused: the API answers a
// WebhookPayloadError with 400 and its issues, a WebhookSignatureError with 401.
import type { z } from 'zod';

export class WebhookPayloadError extends Error {
  override readonly name = 'WebhookPayloadError';
  /** zod issues (path, code, message) of what failed, safe to return to the sender. */
  readonly issues: unknown[];

  constructor(message: string, issues: unknown[]) {
    super(message);
    this.issues = issues;
  }
}

export class WebhookSignatureError extends Error {
  override readonly name = 'WebhookSignatureError';
}

/** Parses `body` or throws a WebhookPayloadError carrying the schema's issues. */
export function parsePayload<S extends z.ZodType>(schema: S, body: unknown, what: string): z.infer<S> {
  const result = schema.safeParse(body);
  if (!result.success) throw new WebhookPayloadError(`invalid ${what} payload`, result.error.issues);
  return result.data;
}
