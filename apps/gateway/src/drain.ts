// Owns leaving gracefully: a node that is shutting down tells each of its
// sockets `server:draining` and closes its connection the way a lost network
// does (a transport close, not a Socket.IO disconnect), which is what makes
// socket.io-client and the Relay client reconnect, through the load balancer
// or their url list, to another node, where they catch up by seq.
import type { GatewayServer, GatewaySocket } from './types.ts';

export const DRAIN_TIMEOUT_MS = 10_000;

export function sendElsewhere(socket: GatewaySocket): void {
  socket.emit('server:draining');
  // The engine flushes what was written (the event above) before it closes.
  socket.conn.close();
}

/** Sends every local socket away; resolves when they are gone or the timeout passes. Returns how many there were. */
export async function drainSockets(io: GatewayServer, timeoutMs: number): Promise<number> {
  const sockets = [...io.of('/').sockets.values()];
  for (const socket of sockets) sendElsewhere(socket);
  const deadline = Date.now() + timeoutMs;
  while (io.of('/').sockets.size > 0 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return sockets.length;
}
