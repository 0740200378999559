'use client';
// Marks the open conversation read for this operator: when it is opened and
// whenever a new inbound message arrives while it stays open. The list's
// unread badge clears at once; the server keeps the read mark.
import { useQueryClient } from '@tanstack/react-query';
import { useEffect } from 'react';
import { conversationRequests } from '../../data/conversations.ts';
import { updateConversation } from '../conversations/conversation-cache.ts';

export function useMarkRead(conversationId: string, latestInboundId: string | undefined): void {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (!latestInboundId) return;
    updateConversation(queryClient, conversationId, (item) => ({ ...item, unreadCount: 0 }));
    // A read mark that fails costs a stale badge, not the operator's work: no error UI.
    void conversationRequests.markRead(conversationId);
  }, [queryClient, conversationId, latestInboundId]);
}
