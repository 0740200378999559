'use client';
import type { ConversationItem } from '@relay/contracts';
// How an action's answer reaches the screen: the row in every cached list and
// the open detail take the server's fields at once, and the lists refetch,
// because the change may move the conversation between views and filters
// (mine / unassigned, a status, a queue, a tag).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { invalidateLists, updateConversation } from '../conversations/conversation-cache.ts';

export function useApplyConversation(conversationId: string) {
  const queryClient = useQueryClient();
  return useCallback(
    (fields: Partial<ConversationItem>) => {
      updateConversation(queryClient, conversationId, (item) => ({ ...item, ...fields }));
      void invalidateLists(queryClient);
    },
    [queryClient, conversationId],
  );
}

/** A mutation whose answer is the changed conversation (or the fields that changed). */
export function useConversationMutation<V>(
  conversationId: string,
  request: (variables: V) => Promise<Partial<ConversationItem>>,
) {
  const apply = useApplyConversation(conversationId);
  return useMutation({ mutationFn: request, onSuccess: (fields) => apply(fields) });
}
