'use client';
import type { Message } from '@relay/contracts';
// Retrying a reply that failed: it shows as pending at once (the worker's
// message.updated events move it on from there); a refused retry puts the
// failure back and rereads the thread, in case it moved meanwhile (another
// operator retried it, or the request got through before the network broke).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { threadQueries, threadRequests } from '../../data/messages.ts';
import { patchMessage, upsertMessage } from './thread-cache.ts';

export function useRetryMessage(message: Pick<Message, 'id' | 'conversationId' | 'error'>) {
  const queryClient = useQueryClient();
  const { id, conversationId } = message;
  return useMutation({
    mutationFn: () => threadRequests.retry(conversationId, id),
    onMutate: () => {
      const before = { error: message.error };
      patchMessage(queryClient, conversationId, id, { status: 'pending', error: null });
      return before;
    },
    onSuccess: (updated) => upsertMessage(queryClient, updated),
    onError: (_error, _variables, before) => {
      patchMessage(queryClient, conversationId, id, { status: 'failed', error: before?.error ?? null });
      void queryClient.invalidateQueries({ queryKey: threadQueries.messages(conversationId).queryKey });
    },
  });
}
