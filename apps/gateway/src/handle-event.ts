// Owns the contract every client→server event keeps: the payload is parsed
// with its zod schema, the ack (when the client sent one) gets either
// { ok: true, ...result } or { error: { code, message } }, and nothing a
// client sends can throw out of a handler.
import type { ErrorBody, ErrorCode } from '@relay/contracts';
import { isDependencyUnavailable } from '@relay/db';
import type { Logger } from '@relay/logger';
import type { z } from 'zod';
import type { GatewaySocket } from './types.ts';

/** A refusal a handler throws; its code and message go to the client's ack. */
export class SocketError extends Error {
  override name = 'SocketError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}

type Reply = (reply: unknown) => void;

export function errorReply(code: ErrorCode, message: string, details?: unknown): ErrorBody {
  return { error: details === undefined ? { code, message } : { code, message, details } };
}

export function onEvent<S extends z.ZodType>(
  socket: GatewaySocket,
  logger: Logger,
  event: string,
  schema: S,
  handler: (payload: z.infer<S>) => Promise<object>,
): void {
  // Registered untyped on purpose: what arrives is unknown until parsed, and a
  // client may send no payload, no ack, or an ack where the payload should be.
  (socket as unknown as { on(event: string, listener: (...args: unknown[]) => void): void }).on(
    event,
    (...args: unknown[]) => {
      const last = args.at(-1);
      const ack = typeof last === 'function' ? (args.pop() as Reply) : undefined;
      void run(args[0]);

      async function run(payload: unknown) {
        const parsed = schema.safeParse(payload);
        if (!parsed.success) {
          const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String), message: issue.message }));
          return send(errorReply('bad_request', `invalid ${event} payload`, issues));
        }
        try {
          send({ ok: true, ...(await handler(parsed.data)) });
        } catch (error) {
          if (error instanceof SocketError) return send(errorReply(error.code, error.message));
          // Redis or the database is away: the client retries; one outage must not log a stack per event.
          if (isDependencyUnavailable(error)) {
            logger.debug({ event, reason: (error as Error).message }, 'socket handler: a dependency is unavailable');
            return send(errorReply('dependency_unavailable', 'a service this needs is unavailable; retry shortly'));
          }
          logger.error({ err: error, event }, 'socket handler failed');
          send(errorReply('internal', 'something went wrong; retry shortly'));
        }
      }

      function send(reply: unknown) {
        if (ack) ack(reply);
        else logger.debug({ event, reply }, 'no ack callback for the reply');
      }
    },
  );
}
