// Google API error bodies as FCM HTTP v1 sends them, so firebase-admin parses
// the stand-in's failures exactly as it parses the real ones:
// {error: {code, message, status, details: [{'@type': …FcmError, errorCode}]}}.

/** One HTTP answer: a status, a JSON body, extra headers (Retry-After, …). */
export type FcmResponse = { status: number; body: unknown; headers?: Record<string, string> };

/** Without a body, a 200 is FCM's normal answer and any other status Google's generic error. */
export type ScriptedResponse = Omit<FcmResponse, 'body'> & { body?: unknown };

/** FCM v1's own error codes (FcmError.errorCode), with the HTTP status and canonical status each comes with. */
const FCM_ERRORS = {
  UNSPECIFIED_ERROR: { code: 400, status: 'INVALID_ARGUMENT', message: 'Unspecified error.' },
  INVALID_ARGUMENT: {
    code: 400,
    status: 'INVALID_ARGUMENT',
    message: 'The registration token is not a valid FCM registration token',
  },
  UNREGISTERED: { code: 404, status: 'NOT_FOUND', message: 'Requested entity was not found.' },
  SENDER_ID_MISMATCH: { code: 403, status: 'PERMISSION_DENIED', message: 'SenderId mismatch' },
  QUOTA_EXCEEDED: {
    code: 429,
    status: 'RESOURCE_EXHAUSTED',
    message: 'Quota exceeded for quota metric "Send requests" of service fcm.googleapis.com.',
  },
  UNAVAILABLE: { code: 503, status: 'UNAVAILABLE', message: 'The service is currently unavailable.' },
  INTERNAL: { code: 500, status: 'INTERNAL', message: 'Internal error encountered.' },
  THIRD_PARTY_AUTH_ERROR: { code: 401, status: 'UNAUTHENTICATED', message: 'Auth error from APNS or Web Push Service' },
} as const;

export type FcmErrorCode = keyof typeof FCM_ERRORS;

const CANONICAL_STATUS: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ABORTED',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  501: 'UNIMPLEMENTED',
  503: 'UNAVAILABLE',
  504: 'DEADLINE_EXCEEDED',
};

export function googleErrorBody(code: number, message: string, details?: unknown[]) {
  return {
    error: { code, message, status: CANONICAL_STATUS[code] ?? 'UNKNOWN', ...(details ? { details } : {}) },
  };
}

/** A response the way FCM answers a send that failed with `errorCode`. */
export function fcmError(
  errorCode: FcmErrorCode,
  options: { message?: string; headers?: Record<string, string> } = {},
): FcmResponse {
  const known = FCM_ERRORS[errorCode];
  return {
    status: known.code,
    body: {
      error: {
        code: known.code,
        message: options.message ?? known.message,
        status: known.status,
        details: [{ '@type': 'type.googleapis.com/google.firebase.fcm.v1.FcmError', errorCode }],
      },
    },
    ...(options.headers ? { headers: options.headers } : {}),
  };
}

export function unauthenticated(): FcmResponse {
  return {
    status: 401,
    body: googleErrorBody(
      401,
      'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.',
    ),
    headers: { 'www-authenticate': 'Bearer realm="https://accounts.google.com/"' },
  };
}

/** How Google answers a body that does not parse into the request message. */
export function invalidPayload(field: string, description: string): FcmResponse {
  return {
    status: 400,
    body: googleErrorBody(400, `Invalid JSON payload received. ${description}`, [
      { '@type': 'type.googleapis.com/google.rpc.BadRequest', fieldViolations: [{ field, description }] },
    ]),
  };
}
