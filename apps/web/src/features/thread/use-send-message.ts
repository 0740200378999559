'use client';
// Sending a reply, optimistically: the message shows at once as `pending`
// under a clientMessageId; the API's answer (or the message.created event,
// whichever comes first) replaces it, and message.updated moves its status.
// A refused send takes the row away again and reports why.
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { threadRequests } from '../../data/messages.ts';
import { readSession } from '../auth/session-store.ts';
import { removeMessage, upsertMessage } from './thread-cache.ts';

type Send = { content: string; clientMessageId: string };

const localId = (clientMessageId: string) => `local:${clientMessageId}`;

export function useSendMessage(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ content, clientMessageId }: Send) =>
      threadRequests.send(conversationId, { content, clientMessageId }),
    onMutate: ({ content, clientMessageId }: Send) => {
      upsertMessage(queryClient, {
        id: localId(clientMessageId),
        conversationId,
        direction: 'outbound',
        actorType: 'operator',
        actorId: readSession()?.operator.id ?? null,
        type: 'text',
        content,
        clientMessageId,
        status: 'pending',
        error: null,
        createdAt: new Date().toISOString(),
        attachments: [],
      });
    },
    onSuccess: (message) => upsertMessage(queryClient, message),
    onError: (_error, { clientMessageId }) => removeMessage(queryClient, conversationId, localId(clientMessageId)),
  });
}
