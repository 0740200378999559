// The one error type routes throw. Its code comes from the contracts
// vocabulary; the status comes from the table below, nowhere else.
import type { ErrorCode } from '@relay/contracts';

export const STATUS_OF: Record<ErrorCode, number> = {
  bad_request: 400,
  unauthorized: 401,
  invalid_signature: 401,
  forbidden: 403,
  tenant_suspended: 403,
  plan_limit_reached: 403,
  not_found: 404,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  unprocessable: 422,
  rate_limited: 429,
  too_many_channels: 429,
  dependency_unavailable: 503,
  provider_error: 502,
  internal: 500,
  response_contract: 500,
};

export class AppError extends Error {
  override name = 'AppError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
    /** Seconds, for 429 and 503 answers. */
    readonly retryAfter?: number,
  ) {
    super(message);
  }

  get status(): number {
    return STATUS_OF[this.code];
  }
}

export const notFound = (what: string) => new AppError('not_found', `${what} not found`);
