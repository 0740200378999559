// Owns what a connected socket may ask: catch-up by seq, acknowledging seqs,
// watching a conversation (authorised against the database) and typing in
// one (within the tenant's channel limit, announcing who views it), and
// choosing an availability. Every payload is parsed by onEvent; rooms come
// from server facts only.
import { ackPayload, presenceSetPayload, syncPayload, typingPayload, watchPayload } from '@relay/contracts';
import { getConversationItem, withTenant } from '@relay/db';
import type { Logger } from '@relay/logger';
import { type AckStore, catchUpJson, room } from '@relay/realtime';
import { onEvent, SocketError } from './handle-event.ts';
import type { SocketServices } from './socket-lifecycle.ts';
import { RawJson } from './socket-parser.ts';
import { assertCanWatch } from './tenant-limits.ts';
import type { GatewayDeps, GatewaySocket } from './types.ts';

export function registerHandlers(
  socket: GatewaySocket,
  deps: GatewayDeps & SocketServices & { acks: AckStore; logger: Logger },
): void {
  const { sql, acks, logger, presence, viewing, limiter } = deps;
  const me = socket.data;
  const viewer = { operatorId: me.operatorId, seesAll: me.seesAll };

  // The page's events go out as the JSON text catchUpJson built from the stored payloads.
  onEvent(socket, logger, 'sync', syncPayload, async ({ after }) => {
    const page = await catchUpJson(sql, viewer, me.tenantId, after, undefined, deps.catchUpBound);
    return { events: new RawJson(page.eventsJson), latestSeq: page.latestSeq, reset: page.reset };
  });

  onEvent(socket, logger, 'ack', ackPayload, async ({ seq }) => ({
    lastAckedSeq: await acks.record(me.tenantId, me.operatorId, me.deviceId, seq),
  }));

  onEvent(socket, logger, 'conversation:watch', watchPayload, async ({ conversationId }) => {
    const visible = await withTenant(sql, me.tenantId, (tx) =>
      getConversationItem(tx, me.tenantId, viewer, conversationId),
    );
    // Missing and not allowed look the same, as over HTTP.
    if (!visible) throw new SocketError('not_found', 'no such conversation');
    const { maxChannelsPerClient } = await limiter.limitsOf(me.tenantId);
    const watchers = room.conversation(me.tenantId, conversationId);
    // Checked and joined with no await between, so concurrent watches cannot overshoot.
    assertCanWatch(socket, watchers, maxChannelsPerClient);
    await socket.join(watchers);
    await viewing.announce(me.tenantId, conversationId);
    return {};
  });

  onEvent(socket, logger, 'conversation:unwatch', watchPayload, async ({ conversationId }) => {
    const watchers = room.conversation(me.tenantId, conversationId);
    if (!socket.rooms.has(watchers)) return {};
    await socket.leave(watchers);
    await viewing.announce(me.tenantId, conversationId);
    return {};
  });

  onEvent(socket, logger, 'typing', typingPayload, async ({ conversationId, isTyping }) => {
    const watched = room.conversation(me.tenantId, conversationId);
    if (!socket.rooms.has(watched)) throw new SocketError('forbidden', 'watch the conversation before typing in it');
    socket.to(watched).emit('typing', { conversationId, operatorId: me.operatorId, isTyping });
    return {};
  });

  onEvent(socket, logger, 'presence:set', presenceSetPayload, async ({ status }) => {
    await presence.set(socket, status);
    return {};
  });
}
