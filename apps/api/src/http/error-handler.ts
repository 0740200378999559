// The last middleware: every error leaves as { error: { code, message,
// details? } } with the right status. Body-parser failures are the client's
// (400/413/415); anything unknown is logged whole and answered as a bare 500.
import { DEPENDENCY_RETRY_AFTER_SECONDS, unavailableDependency } from '@relay/db';
import { InboxError } from '@relay/inbox';
import type { ErrorRequestHandler, RequestHandler } from 'express';
import { AppError } from '../errors/app-error.ts';
import { databaseRefusal } from './db-errors.ts';
import { TOO_DEEP_TYPE, tooDeepError } from './json-body.ts';

type BodyParserError = Error & { type?: string; status?: number; expose?: boolean };

function fromBodyParser(error: BodyParserError): AppError | undefined {
  switch (error.type) {
    case 'entity.too.large':
      return new AppError('payload_too_large', 'the request body is too large');
    case 'entity.parse.failed':
      return new AppError('bad_request', 'the request body is not valid JSON');
    case TOO_DEEP_TYPE:
      return tooDeepError();
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new AppError('unsupported_media_type', error.message);
    case 'request.aborted':
    case 'request.size.invalid':
    case 'stream.encoding.set':
      return new AppError('bad_request', error.message);
    default:
      return error.expose && error.status && error.status < 500
        ? new AppError('bad_request', error.message)
        : undefined;
  }
}

/** Express's router could not decode a path parameter ("%", an encoded lone surrogate): the URL is the client's. */
function fromRouter(error: unknown): AppError | undefined {
  return error instanceof URIError && (error as BodyParserError).status === 400
    ? new AppError('bad_request', 'the URL holds invalid percent-encoding')
    : undefined;
}

/** A domain operation's refusal (@relay/inbox) carries its code; the status comes from the API's table. */
function fromInbox(error: unknown): AppError | undefined {
  return error instanceof InboxError ? new AppError(error.code, error.message, error.details) : undefined;
}

/** A database or Redis outage: the client may retry, nothing was wrong with its request. */
function fromDependency(error: unknown): AppError | undefined {
  const dependency = unavailableDependency(error);
  if (!dependency) return undefined;
  return new AppError(
    'dependency_unavailable',
    `the ${dependency} is unavailable; try again shortly`,
    { dependency },
    DEPENDENCY_RETRY_AFTER_SECONDS,
  );
}

type ErrorLog = { error(obj: object, msg: string): void; warn(obj: object, msg: string): void } | undefined;

/**
 * The answer for an error: the AppError it is or maps to, or a bare 500 for anything
 * unknown (logged whole, never sent). Shared by the Express pipeline and the webhook ingress.
 */
export function errorAnswer(error: unknown, log: ErrorLog): AppError {
  const known =
    error instanceof AppError
      ? error
      : (fromInbox(error) ??
        fromBodyParser(error as BodyParserError) ??
        fromRouter(error) ??
        fromDependency(error) ??
        databaseRefusal(error));
  if (!known) log?.error({ err: error }, 'unhandled error');
  else if (known.code === 'dependency_unavailable' && !(error instanceof AppError)) {
    log?.warn({ err: error }, 'dependency unavailable');
  }
  return known ?? new AppError('internal', 'something went wrong on our side');
}

/** The one error body: { error: { code, message, details? } }. */
export function errorBody(answer: AppError) {
  return {
    error: {
      code: answer.code,
      message: answer.message,
      ...(answer.details === undefined ? {} : { details: answer.details }),
    },
  };
}

export const errorHandler: ErrorRequestHandler = (error, req, res, _next) => {
  const answer = errorAnswer(error, req.log);
  // Already answered (a response cut short, or a 503 for a passed deadline): nothing more may be sent.
  if (res.headersSent) return;
  if (answer.retryAfter !== undefined) res.setHeader('Retry-After', String(Math.ceil(answer.retryAfter)));
  res.status(answer.status).json(errorBody(answer));
};

export const notFoundHandler: RequestHandler = (req) => {
  throw new AppError('not_found', `no route for ${req.method} ${req.path}`);
};
