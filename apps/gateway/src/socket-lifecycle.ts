// Owns what follows a socket from connection to disconnect, beyond its
// handlers: the tenant's event rate on everything it sends, its presence,
// and the viewing lists of the conversations it had open when it went.
import type { Logger } from '@relay/logger';
import type { GatewayPresence } from './presence.ts';
import { limitEvents, type TenantLimiter, watchedConversations } from './tenant-limits.ts';
import type { GatewaySocket } from './types.ts';
import type { Viewing } from './viewing.ts';

export type SocketServices = {
  presence: GatewayPresence;
  viewing: Viewing;
  limiter: TenantLimiter;
  logger: Logger;
};

export function followSocket(socket: GatewaySocket, services: SocketServices): void {
  const { tenantId } = socket.data;
  limitEvents(socket, services);
  services.presence.connected(socket);
  let watched: string[] = [];
  // Rooms are still there while disconnecting, and gone (so not counted) by disconnect.
  socket.on('disconnecting', () => {
    watched = watchedConversations(socket);
  });
  socket.on('disconnect', (reason) => {
    services.presence.disconnected(socket);
    // io.close() has already closed the adapter: asking the other nodes would only time out.
    if (reason === 'server shutting down') return;
    for (const conversationId of watched) void services.viewing.announce(tenantId, conversationId);
  });
}
