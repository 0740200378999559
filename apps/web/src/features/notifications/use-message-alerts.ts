'use client';
// Desktop notifications and the sound for new client messages, as the
// operator's settings (GET /me: settings.desktop, settings.sound) ask. A
// listener of its own on the realtime feed: apply-event.ts only writes the
// cache. Each message alerts once at most; events replayed from before the
// page loaded never do (see alert-rules.ts).
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useRouter } from 'next/navigation';
import { useEffect, useRef } from 'react';
import { conversationQueries } from '../../data/conversations.ts';
import { meQueries } from '../../data/me.ts';
import { subscribeRealtime } from '../../lib/socket.ts';
import { alertPreview, freshClientMessage, shouldAlert } from './alert-rules.ts';
import { playChime } from './chime.ts';

const REMEMBERED = 500;

export function useMessageAlerts({ openConversationId, myId }: { openConversationId: string | null; myId: string }) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const me = useQuery(meQueries.me());
  const settings = me.data?.settings ?? {};
  // The listener is subscribed once; it reads the latest of these when an event comes.
  const latest = useRef({ desktop: false, sound: false, openConversationId });
  latest.current = { desktop: settings.desktop === true, sound: settings.sound === true, openConversationId };
  const seen = useRef(new Set<string>());

  useEffect(() => {
    // When the page started loading: older events are replays of what happened before it.
    const loadedAt = Math.floor(performance.timeOrigin);

    async function consider(message: NonNullable<ReturnType<typeof freshClientMessage>>) {
      const { desktop, sound } = latest.current;
      if (!desktop && !sound) return;
      if (seen.current.has(message.id)) return;
      seen.current.add(message.id);
      if (seen.current.size > REMEMBERED) seen.current.delete(seen.current.values().next().value as string);
      let conversation: Awaited<ReturnType<typeof fetchConversation>>;
      try {
        conversation = await fetchConversation(message.conversationId);
      } catch {
        return; // Not visible to me (any more), or offline: no alert rather than a wrong one.
      }
      const view = {
        myId,
        openConversationId: latest.current.openConversationId,
        tabVisible: document.visibilityState === 'visible',
      };
      if (!shouldAlert(message, conversation, view)) return;
      if (desktop) notify(conversation.clientName ?? 'New message', alertPreview(message), message.conversationId);
      if (sound) playChime();
    }

    const fetchConversation = (id: string) => queryClient.fetchQuery(conversationQueries.detail(id));

    function notify(title: string, body: string, conversationId: string) {
      if (typeof Notification === 'undefined' || Notification.permission !== 'granted') return;
      try {
        const notification = new Notification(title, { body, tag: conversationId });
        notification.onclick = () => {
          window.focus();
          router.push(`/inbox?c=${conversationId}`);
          notification.close();
        };
      } catch {
        // Some browsers allow notifications only from a service worker; the sound still plays.
      }
    }

    return subscribeRealtime({
      onEvent: (envelope) => {
        const message = freshClientMessage(envelope, loadedAt);
        if (message) void consider(message);
      },
      onReset: () => undefined,
    });
  }, [queryClient, router, myId]);
}
