'use client';
// Who else has the open conversation: watches it over the realtime socket
// (again after every reconnect or fail-over, since a new socket is in no
// rooms), and follows the ephemeral `viewing` and `typing` broadcasts for it.
// Nothing here is in the query cache: it is gone with the socket, so a lost
// connection clears it rather than show stale faces.
import type { TypingBroadcast, ViewingBroadcast } from '@relay/contracts';
import { useEffect, useState } from 'react';
import { type RealtimeSocket, realtimeSocket, realtimeStatus, subscribeRealtimeStatus } from '../../lib/socket.ts';

/** A typist we hear nothing more from (a lost `isTyping: false`) stops showing after this long. */
const TYPING_STALE_MS = 6000;

export type Collaborators = { viewingIds: string[]; typingIds: string[] };

const NOBODY: Collaborators = { viewingIds: [], typingIds: [] };

export function useCollaborators(conversationId: string, myId: string): Collaborators {
  const [viewingIds, setViewingIds] = useState<string[]>([]);
  // operatorId → when their typing stops counting.
  const [typing, setTyping] = useState<Record<string, number>>({});
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    let attached: RealtimeSocket | null = null;
    const onViewing = (payload: ViewingBroadcast) => {
      if (payload.conversationId !== conversationId) return;
      const others = payload.operatorIds.filter((id) => id !== myId);
      setViewingIds(others);
      // Someone who closed the conversation is not typing in it any more.
      setTyping((current) => Object.fromEntries(Object.entries(current).filter(([id]) => others.includes(id))));
    };
    const onTyping = (payload: TypingBroadcast) => {
      if (payload.conversationId !== conversationId || payload.operatorId === myId) return;
      setTyping((current) => {
        const { [payload.operatorId]: _previous, ...rest } = current;
        return payload.isTyping ? { ...rest, [payload.operatorId]: Date.now() + TYPING_STALE_MS } : rest;
      });
      setNow(Date.now());
    };
    const detach = () => {
      attached?.off('viewing', onViewing);
      attached?.off('typing', onTyping);
      attached = null;
    };
    const sync = () => {
      const socket = realtimeSocket();
      if (socket !== attached) {
        detach();
        socket?.on('viewing', onViewing);
        socket?.on('typing', onTyping);
        attached = socket;
      }
      if (realtimeStatus() === 'connected') {
        socket?.emit('conversation:watch', { conversationId });
      } else {
        setViewingIds([]);
        setTyping({});
      }
    };
    sync();
    const unsubscribe = subscribeRealtimeStatus(sync);
    return () => {
      unsubscribe();
      if (attached?.connected) attached.emit('conversation:unwatch', { conversationId });
      detach();
    };
  }, [conversationId, myId]);

  // Expire typists whose last word is older than TYPING_STALE_MS.
  const typingIds = Object.entries(typing)
    .filter(([, until]) => until > now)
    .map(([id]) => id);
  const nextExpiry = Math.min(...Object.values(typing).filter((until) => until > now));
  useEffect(() => {
    if (!Number.isFinite(nextExpiry)) return;
    const timer = setTimeout(() => setNow(Date.now()), Math.max(0, nextExpiry - Date.now()) + 50);
    return () => clearTimeout(timer);
  }, [nextExpiry]);

  if (viewingIds.length === 0 && typingIds.length === 0) return NOBODY;
  return { viewingIds, typingIds };
}
