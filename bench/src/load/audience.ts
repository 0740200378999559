// Which sockets should receive a bench message's message.created. It restates
// the product's rule for this one case, so a drift in the code under test
// shows up as lost or unexpected deliveries instead of being copied:
// conversationAudience (packages/realtime/src/conversation-events.ts) gives an
// unassigned conversation { queueId, operatorIds: [] }; roomsFor (rooms.ts)
// sends that to the tenant's supervisors room and the queue's room; a socket
// is in the supervisors room when its operator sees all (supervisor, admin,
// owner) and in the queue's room when its operator was a member at connection.
import type { SocketSpec, WebhookTarget } from './protocol.ts';

export function expectedSockets(target: WebhookTarget, sockets: SocketSpec[]): Set<number> {
  const keys = new Set<number>();
  for (const socket of sockets) {
    if (socket.tenantId !== target.tenantId) continue;
    if (socket.seesAll || socket.queueIds.includes(target.queueId)) keys.add(socket.key);
  }
  return keys;
}
