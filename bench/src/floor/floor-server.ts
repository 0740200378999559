// Scenario 2's floor: the least any webhook→socket pipeline on this stack can
// cost. An HTTP endpoint at the same path as the real webhook parses the JSON
// and emits a message.created envelope through @socket.io/redis-emitter to
// the same gateway nodes and the same rooms the real pipeline would use; no
// database, no validation, no signature check. "Ours ÷ floor" is then the
// price of everything Relay adds (storage, seq, audience, push job).
//
// The harness tells it which rooms each webhook token maps to (PUT /routes),
// since it knows nothing else. Its own entry file, so the one place it reads env.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import { Emitter } from '@socket.io/redis-emitter';
import { Redis } from 'ioredis';

export type FloorRoute = { tenantId: string; rooms: string[] };

const port = Number(process.env.PORT ?? 0);
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
const routes = new Map<string, FloorRoute>();
const seqs = new Map<string, number>();

// Awaiting the publish (like the real publisher does) means a 200 is sent only once Redis has the message.
// emit() publishes synchronously, so the promises pushed during one emit are exactly that request's.
const pending: Promise<unknown>[] = [];
const emitter = new Emitter(
  {
    publish: (channel: string, message: string | Buffer) => {
      const sent = redis.publish(channel, message);
      pending.push(sent);
      return sent;
    },
  },
  { key: 'socket.io' },
);

async function body(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A payload shaped like the real message.created one, so serialising it costs about the same. */
function envelope(route: FloorRoute, text: string) {
  const seq = (seqs.get(route.tenantId) ?? 0) + 1;
  seqs.set(route.tenantId, seq);
  const at = new Date().toISOString();
  const conversationId = randomUUID();
  return {
    seq,
    type: 'message.created' as const,
    tenantId: route.tenantId,
    at,
    data: {
      conversationId,
      message: {
        id: randomUUID(),
        tenantId: route.tenantId,
        conversationId,
        direction: 'inbound',
        actorType: 'client',
        actorId: null,
        type: 'text',
        content: text,
        externalMessageId: null,
        clientMessageId: null,
        status: 'delivered',
        error: null,
        replyToId: null,
        metadata: {},
        createdAt: at,
        updatedAt: at,
        attachments: [],
      },
    },
  };
}

const server = createServer(async (req, res) => {
  try {
    if (req.method === 'GET' && req.url === '/healthz') {
      res.end('ok');
      return;
    }
    if (req.method === 'PUT' && req.url === '/routes') {
      const given = JSON.parse(await body(req)) as Record<string, FloorRoute>;
      for (const [token, route] of Object.entries(given)) routes.set(token, route);
      res.end('ok');
      return;
    }
    const token = req.method === 'POST' ? /^\/webhooks\/telegram\/([^/?]+)/.exec(req.url ?? '')?.[1] : undefined;
    const route = token ? routes.get(token) : undefined;
    if (!route) {
      res.statusCode = 404;
      res.end();
      return;
    }
    const update = JSON.parse(await body(req)) as { message?: { text?: string } };
    emitter.to(route.rooms).emit('event', envelope(route, update.message?.text ?? ''));
    await Promise.all(pending.splice(0));
    res.setHeader('content-type', 'application/json');
    res.end('{"ok":true}');
  } catch (error) {
    res.statusCode = 500;
    res.end(String(error));
  }
});

server.listen(port, '127.0.0.1');

function shutdown() {
  server.close();
  redis.disconnect();
  process.exit(0);
}
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
