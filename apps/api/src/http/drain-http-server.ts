// Owns a graceful stop of an HTTP server: stop accepting (new connections are
// refused), let every request in flight finish, end each keep-alive connection
// after its current response (`Connection: close`), and only at the deadline
// destroy what is left. Written here rather than with http-terminator because
// that keeps listening while it drains (a new connection is accepted, then
// reset) and destroys idle keep-alive sockets at once, racing a request the
// client has already put on the wire; either one is a reset the client cannot
// tell from a failed request. Node's own server.close() closes idle sockets at
// once too, so the listener is closed the net.Server way, and during a drain
// the server's closeIdleConnections() is left to the drain (Socket.IO's
// io.close() calls server.close() when the gateway shares the server).
import type { Server as HttpServer, IncomingMessage, ServerResponse } from 'node:http';
import { Server as NetServer, type Socket } from 'node:net';

export type HttpDrain = {
  /** Resolves when every connection has closed; true when all did before the deadline. */
  drain(options: { timeoutMs: number }): Promise<boolean>;
};

/**
 * A keep-alive connection idle this long during a drain is ended by the server. Shorter than the
 * keep-alive timeout clients plan around, longer than a busy client's pause between two requests,
 * so the close does not meet a request already on its way.
 */
export const DRAIN_IDLE_GRACE_MS = 1000;
const SWEEP_MS = 25;

type Tracked = { busy: number; idleSince: number };

/** Call right after creating the server, before it listens: it must see every connection. */
export function trackHttpServer(server: HttpServer, idleGraceMs = DRAIN_IDLE_GRACE_MS): HttpDrain {
  const sockets = new Map<Socket, Tracked>();
  let draining = false;

  server.on('connection', (socket: Socket) => {
    sockets.set(socket, { busy: 0, idleSince: Date.now() });
    socket.once('close', () => sockets.delete(socket));
  });
  // First in line, so the header is set before any handler can send.
  server.prependListener('request', (req: IncomingMessage, res: ServerResponse) => {
    const tracked = sockets.get(req.socket);
    if (tracked) tracked.busy++;
    if (draining && !res.headersSent) res.setHeader('Connection', 'close');
    let done = false;
    const finished = () => {
      if (done || !tracked) return;
      done = true;
      tracked.busy--;
      tracked.idleSince = Date.now();
    };
    res.once('finish', finished);
    res.once('close', finished);
  });

  return {
    drain({ timeoutMs }) {
      draining = true;
      server.closeIdleConnections = () => {};
      const deadline = Date.now() + timeoutMs;
      // Stop listening: new connections are refused from here on.
      if (server.listening) NetServer.prototype.close.call(server);
      // Responses not started yet end their connection when they are sent.
      for (const socket of sockets.keys()) {
        const res = (socket as Socket & { _httpMessage?: ServerResponse })._httpMessage;
        if (res && !res.headersSent) res.setHeader('Connection', 'close');
      }
      return new Promise<boolean>((resolve) => {
        const sweep = () => {
          const now = Date.now();
          for (const [socket, tracked] of sockets) {
            if (now >= deadline) socket.destroy();
            else if (tracked.busy === 0 && now - tracked.idleSince >= idleGraceMs) socket.end();
          }
          if (sockets.size === 0) return resolve(now < deadline);
          if (now >= deadline) {
            // Destroyed sockets report 'close' on a later tick.
            setImmediate(() => resolve(false));
            return;
          }
          setTimeout(sweep, SWEEP_MS);
        };
        sweep();
      });
    },
  };
}
