// The webhook ingress: POST /webhooks/:channel/:token and WhatsApp's GET
// handshake answered on node:http, in front of Express. Express with helmet and
// pino-http cost several times a bare handler per webhook (620-830 µs against
// 100-120 µs when measured), and webhooks are the API's hottest path. It takes only the
// well-formed case (lowercase path, a base64url token, an uncompressed body) and
// hands anything else to the Express app, whose webhook routes answer alike.
// Same contract as the Express pipeline: the 1 MB raw body limit (read to the
// end before an error is answered, as body-parser does), the error shape and
// statuses of error-handler.ts, the request deadline of request-deadline.ts,
// the X-Request-Id and security headers, and the request-duration metric.
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import helmet from 'helmet';
import type { ResolvedDeps } from '../deps.ts';
import { AppError } from '../errors/app-error.ts';
import { type IngestTiming, serverTimingOf } from '../ingest/ingest-batcher.ts';
import {
  defaultWebhookHandlers,
  WEBHOOK_LIMIT_BYTES,
  WEBHOOK_ROUTE,
  type WebhookHandlers,
} from '../routes/webhooks/webhook-routes.ts';
import { errorAnswer, errorBody } from './error-handler.ts';
import { DEADLINE_MARGIN_MS, deadlineError } from './request-deadline.ts';

/** Answers the request and returns true when it is a webhook it takes; false leaves it untouched. */
export type WebhookIngress = (req: IncomingMessage, res: ServerResponse) => boolean;

// Tokens are base64url (randomToken); a path Express would decode or match loosely is left to Express.
const WEBHOOK_PATH = /^\/webhooks\/([a-z]+)\/([\w-]+)(?:\?(.*))?$/;

/** The headers helmet() sets, worked out once: they do not depend on the request. */
function securityHeaders(): [string, string][] {
  const headers: [string, string][] = [];
  const res = {
    setHeader: (name: string, value: string) => headers.push([name, String(value)]),
    removeHeader: () => {},
  };
  helmet()({} as never, res as never, () => {});
  return headers;
}

function requestId(given: string | string[] | undefined): string {
  return typeof given === 'string' && /^[\w-]{1,100}$/.test(given) ? given : randomUUID();
}

/** The raw body up to the limit. Past it, the rest is read off before the 413 (body-parser's order). */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let refused: AppError | undefined;
    const refuse = () => {
      refused = new AppError('payload_too_large', 'the request body is too large');
      chunks.length = 0;
    };
    if (Number(req.headers['content-length']) > limit) refuse();
    req.on('data', (chunk: Buffer) => {
      if (refused) return;
      size += chunk.length;
      if (size > limit) refuse();
      else chunks.push(chunk);
    });
    req.once('end', () => {
      if (refused) reject(refused);
      else resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
    });
    req.once('close', () => {
      if (!req.complete) reject(new AppError('bad_request', 'request aborted'));
    });
  });
}

export function webhookIngress(
  deps: ResolvedDeps,
  { receive, challenge }: WebhookHandlers = defaultWebhookHandlers,
): WebhookIngress {
  const { logger, metrics } = deps;
  const deadlineMs = deps.config.database.statementTimeoutMs + DEADLINE_MARGIN_MS;
  const security = securityHeaders();

  return (req, res) => {
    const method = req.method;
    if (method !== 'POST' && method !== 'GET') return false;
    const match = WEBHOOK_PATH.exec(req.url ?? '');
    if (!match) return false;
    const encoding = req.headers['content-encoding'];
    // body-parser inflates gzip, deflate and br; those few go through Express.
    if (method === 'POST' && encoding !== undefined && encoding.toLowerCase() !== 'identity') return false;

    const started = performance.now();
    const id = requestId(req.headers['x-request-id']);
    // The token is a credential: logs name the route and channel, never the URL.
    const logged = { id, method, url: `/webhooks/${match[1]}/:token` };
    const log = {
      error: (obj: object, msg: string) => logger.error({ req: logged, ...obj }, msg),
      warn: (obj: object, msg: string) => logger.warn({ req: logged, ...obj }, msg),
    };
    let answered = false;

    const send = (status: number, type: string, body: string, retryAfter?: number, serverTiming?: string) => {
      if (answered) return;
      answered = true;
      clearTimeout(deadline);
      if (res.headersSent || res.destroyed) return;
      for (const [name, value] of security) res.setHeader(name, value);
      res.setHeader('X-Request-Id', id);
      if (retryAfter !== undefined) res.setHeader('Retry-After', String(Math.ceil(retryAfter)));
      if (serverTiming !== undefined) res.setHeader('Server-Timing', serverTiming);
      res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
      res.end(body);
    };
    const fail = (error: unknown) => {
      const answer = errorAnswer(error, log);
      send(answer.status, JSON_TYPE, JSON.stringify(errorBody(answer)), answer.retryAfter);
    };

    // As requestDeadline: a 503 once the database is late; the handler's late answer goes nowhere.
    const deadline = setTimeout(() => {
      if (answered) return;
      fail(deadlineError());
      log.warn({ deadlineMs }, 'request deadline passed; answered 503');
    }, deadlineMs);
    res.once('close', () => clearTimeout(deadline));
    res.once('finish', () => {
      const status = res.statusCode;
      metrics.httpRequestSeconds.observe(
        { method, route: WEBHOOK_ROUTE, status: String(status) },
        (performance.now() - started) / 1000,
      );
      // 2xx webhooks are the bulk of all traffic: at debug; refusals and failures as every other request.
      const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
      if (logger.isLevelEnabled(level)) {
        const responseTime = Math.round(performance.now() - started);
        logger[level]({ req: logged, res: { statusCode: status }, responseTime }, 'request completed');
      }
    });

    const params = { channel: match[1], token: match[2] };
    const timing: IngestTiming = {};
    const work =
      method === 'GET'
        ? challenge(deps, params, parseQuery(match[3] ?? '')).then((text) => send(200, TEXT_TYPE, text))
        : readBody(req, WEBHOOK_LIMIT_BYTES)
            .then((raw) => receive(deps, params, raw, req.headers, timing))
            .then((body) => send(200, JSON_TYPE, JSON.stringify(body), undefined, serverTimingOf(started, timing)));
    work.catch(fail);
    return true;
  };
}

const JSON_TYPE = 'application/json; charset=utf-8';
const TEXT_TYPE = 'text/plain; charset=utf-8';
