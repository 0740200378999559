// Owns keeping a live socket's rooms equal to its operator's access now, not
// at connect: a role change (supervisors see all), a deactivation and a queue
// membership change reach this node as `access:changed` (from the API through
// Redis, or in process in standalone), carrying the new access, and are
// applied at once and synchronously, so no event published after the change
// goes to the old rooms. The periodic session check applies the same access
// read from the database as a backstop for a message lost in an outage.
import {
  type AccessChangedMessage,
  accessChangedMessage,
  type OperatorAccess,
  seesEveryConversation,
} from '@relay/contracts';
import type { Logger } from '@relay/logger';
import { type EventPublisher, roomsOfMember } from '@relay/realtime';
import type { GatewayServer, GatewaySocket } from './types.ts';

/** When each socket last took access from a message (performance.now()). */
const messageAppliedAt = new WeakMap<GatewaySocket, number>();

/**
 * Applies the access to this node's sockets of those operators; returns how
 * many sockets changed. readAt: when a database read of it began; a socket
 * that took a message since keeps the message's (newer) access.
 */
export function applyAccess(io: GatewayServer, operators: OperatorAccess[], readAt?: number): number {
  if (operators.length === 0) return 0;
  const byOperator = new Map(operators.map((access) => [`${access.tenantId}:${access.operatorId}`, access]));
  const now = performance.now();
  let changed = 0;
  for (const socket of io.of('/').sockets.values()) {
    const access = byOperator.get(`${socket.data.tenantId}:${socket.data.operatorId}`);
    if (!access) continue;
    if (readAt === undefined) messageAppliedAt.set(socket, now);
    else if ((messageAppliedAt.get(socket) ?? Number.NEGATIVE_INFINITY) >= readAt) continue;
    if (applyToSocket(socket, access)) changed += 1;
  }
  return changed;
}

function applyToSocket(socket: GatewaySocket, access: OperatorAccess): boolean {
  if (!access.isActive) {
    socket.emit('auth:expired', { reason: 'operator_inactive' });
    socket.disconnect(true);
    return true;
  }
  const me = socket.data;
  const queueIds = [...new Set(access.queueIds)].sort();
  if (me.role === access.role && sameIds(me.queueIds, queueIds)) return false;
  const before = roomsOfMember(me);
  me.role = access.role;
  me.seesAll = seesEveryConversation(access.role);
  me.queueIds = queueIds;
  const after = new Set(roomsOfMember(me));
  // Only the access rooms move; the conversations it watches stay (typing and viewing only).
  for (const name of before) if (!after.has(name)) socket.leave(name);
  socket.join([...after]);
  return true;
}

function sameIds(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const sorted = [...a].sort();
  return sorted.every((id, i) => id === b[i]);
}

/**
 * Listens for `access:changed` from other processes, and gives this node's
 * publisher the same message: applied here at once and, with Redis, sent to
 * every other node.
 */
export function followAccessChanges(
  io: GatewayServer,
  publisher: EventPublisher,
  deps: { logger: Logger; clustered: boolean },
): EventPublisher {
  io.on('access:changed', (message: unknown) => {
    const parsed = accessChangedMessage.safeParse(message);
    if (!parsed.success) {
      deps.logger.warn({ issues: parsed.error.issues.length }, 'ignored a malformed access:changed message');
      return;
    }
    const sockets = applyAccess(io, parsed.data.operators);
    if (sockets > 0) deps.logger.info({ sockets }, 'moved sockets to their operators’ new access');
  });
  return {
    ...publisher,
    accessChanged: async (message: AccessChangedMessage) => {
      applyAccess(io, message.operators);
      // The in-memory adapter has no other node to tell (and would only warn).
      if (deps.clustered) io.serverSideEmit('access:changed', message);
    },
  };
}
