// The API's client-side deadline on database work. PostgreSQL enforces its own
// statement_timeout, but a frozen server (SIGSTOPped, a black-holed route) and
// the embedded database enforce nothing, and a request would hang until its
// client gave up. A request that has not answered within the statement timeout
// plus a margin gets 503 dependency_unavailable with Retry-After; whatever its
// handler does afterwards is dropped, never a second response. A webhook
// answered 503 this way may still commit later: the provider's retry is then a
// duplicate, stored once.
import { DEPENDENCY_RETRY_AFTER_SECONDS } from '@relay/db';
import type { RequestHandler, Response } from 'express';
import { AppError } from '../errors/app-error.ts';
import { errorHandler } from './error-handler.ts';

/** What the deadline adds to the statement timeout: the server's own cancellation answers first. */
export const DEADLINE_MARGIN_MS = 500;

const CLEAR = Symbol('clearDeadline');
type WithDeadline = Response & { [CLEAR]?: () => void };

/**
 * For a route whose database work is done and whose remaining work has bounds
 * of its own (an attachment download from a provider): the deadline no longer applies.
 */
export function databaseWorkDone(res: Response): void {
  (res as WithDeadline)[CLEAR]?.();
}

/** The answer to a request whose deadline passed. */
export const deadlineError = () =>
  new AppError(
    'dependency_unavailable',
    'the database did not answer in time; try again shortly',
    { dependency: 'database' },
    DEPENDENCY_RETRY_AFTER_SECONDS,
  );

export function requestDeadline(statementTimeoutMs: number): RequestHandler {
  const ms = statementTimeoutMs + DEADLINE_MARGIN_MS;
  return (req, res, next) => {
    const timer = setTimeout(() => {
      if (res.headersSent) return;
      errorHandler(deadlineError(), req, res, () => {});
      req.log?.warn({ deadlineMs: ms }, 'request deadline passed; answered 503');
      // The handler is still waiting on the database; its late answer goes nowhere.
      res.json = () => res;
      res.send = () => res;
      res.setHeader = () => res;
      res.write = () => true;
    }, ms);
    const clear = () => clearTimeout(timer);
    // databaseWorkDone also takes the listeners off: a streamed response (an attachment) gathers
    // close listeners from its pipeline, and Node warns past ten on one emitter.
    (res as WithDeadline)[CLEAR] = () => {
      clear();
      res.off('finish', clear);
      res.off('close', clear);
    };
    res.once('finish', clear);
    res.once('close', clear);
    next();
  };
}
