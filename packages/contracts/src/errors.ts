// One error vocabulary for every HTTP answer and socket ack:
// { error: { code, message, details? } }. The status table lives with the API.
import { z } from 'zod';

export const errorCode = z.enum([
  'bad_request',
  'unauthorized',
  'invalid_signature',
  'forbidden',
  'tenant_suspended',
  'plan_limit_reached',
  'not_found',
  'conflict',
  'payload_too_large',
  'unsupported_media_type',
  'unprocessable',
  'rate_limited',
  /** A socket watches as many conversations as its tenant allows. */
  'too_many_channels',
  'dependency_unavailable',
  /** A channel provider (Telegram, WhatsApp) refused or failed a call made on the caller's behalf. */
  'provider_error',
  'internal',
  /** Development and test only: a route's answer does not match its contract's success schema. */
  'response_contract',
]);
export type ErrorCode = z.infer<typeof errorCode>;

export const errorBody = z.object({
  error: z.object({
    code: errorCode,
    message: z.string(),
    details: z.unknown().optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBody>;
