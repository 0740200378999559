// Owns the collision warning: who has a conversation open. After a socket
// watches, unwatches or goes, the conversation's room gets
// `viewing {conversationId, operatorIds}` listing the operators with a socket
// in it on any node (fetchSockets asks every node through the Redis adapter).
import type { Logger } from '@relay/logger';
import { room } from '@relay/realtime';
import type { GatewayServer } from './types.ts';
import type { WorkTracker } from './work-tracker.ts';

export type Viewing = {
  /** Tells the conversation's watchers who is watching now. Never throws. */
  announce(tenantId: string, conversationId: string): Promise<void>;
};

export function createViewing(io: GatewayServer, deps: { logger: Logger; work: WorkTracker }): Viewing {
  return {
    announce: (tenantId, conversationId) =>
      deps.work
        .run(`viewing:${tenantId}:${conversationId}`, 'viewing announcement', async () => {
          const watchers = room.conversation(tenantId, conversationId);
          const sockets = await io.in(watchers).fetchSockets();
          const operatorIds = [...new Set(sockets.map((socket) => socket.data.operatorId))].sort();
          io.to(watchers).emit('viewing', { conversationId, operatorIds });
        })
        .catch(() => undefined),
  };
}
