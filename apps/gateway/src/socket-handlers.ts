// Owns what a connected socket may ask: catch-up by seq, acknowledging seqs,
// watching a conversation (authorised against the database) and typing in
// one (within the tenant's channel limit, announcing who views it), and
// choosing an availability. Every payload is parsed by onEvent; rooms come
// from server facts only.
import { ackPayload, presenceSetPayload, syncPayload, typingPayload, watchPayload } from '@relay/contracts';
import { getConversationItem, withTenant } from '@relay/db';
import type { Logger } from '@relay/logger';
import type { GatewayMetrics } from '@relay/metrics';
import { type AckStore, CATCH_UP_PAGE_MAX, type CatchUpJson, catchUpJson, room } from '@relay/realtime';
import { onEvent, SocketError } from './handle-event.ts';
import type { SocketServices } from './socket-lifecycle.ts';
import { RawJson } from './socket-parser.ts';
import { assertCanWatch } from './tenant-limits.ts';
import type { GatewayDeps, GatewaySocket } from './types.ts';

/** How old a page read ahead may be when its sync arrives; older, it is read again. */
const READ_AHEAD_FRESH_MS = 2_000;

export function registerHandlers(
  socket: GatewaySocket,
  deps: GatewayDeps & SocketServices & { acks: AckStore; logger: Logger; metrics: GatewayMetrics },
): void {
  const { sql, acks, logger, presence, viewing, limiter } = deps;
  const me = socket.data;
  const viewer = { operatorId: me.operatorId, seesAll: me.seesAll };

  // The page's events go out as the JSON text catchUpJson built from the stored payloads. After a
  // full page the next one is read at once, while this one travels and the client parses it: a
  // client catching up asks for exactly that page next (after the last seq it got). A page read
  // ahead is served only within READ_AHEAD_FRESH_MS; events committed since reached this socket
  // live (it joined its rooms before any sync), as they would after a page read on request.
  const read = (after: number) => catchUpJson(sql, viewer, me.tenantId, after, undefined, deps.catchUpBound);
  let ahead: { after: number; at: number; page: Promise<CatchUpJson> } | undefined;
  onEvent(socket, logger, 'sync', syncPayload, async ({ after }) => {
    const ready = ahead?.after === after && Date.now() - ahead.at <= READ_AHEAD_FRESH_MS ? ahead.page : undefined;
    ahead = undefined;
    const page = (await ready?.catch(() => undefined)) ?? (await read(after));
    deps.metrics.syncPages.inc({ result: page.reset ? 'reset' : 'page' });
    if (!page.reset && page.count >= CATCH_UP_PAGE_MAX && page.lastSeq !== null) {
      const next = read(page.lastSeq);
      next.catch(() => {}); // an error is met again by the sync that asks for this page
      ahead = { after: page.lastSeq, at: Date.now(), page: next };
    }
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
