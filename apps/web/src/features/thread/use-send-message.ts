'use client';
// Sending a reply, optimistically: the message shows at once as `pending`
// under a clientMessageId; the API's answer (or the message.created event,
// whichever comes first) replaces it, and message.updated moves its status.
// A refused send takes the row away again and reports why.
import type { SendMessageBody } from '@relay/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { conversationQueries } from '../../data/conversations.ts';
import { threadRequests } from '../../data/messages.ts';
import { readSession } from '../auth/session-store.ts';
import { removeMessage, upsertMessage } from './thread-cache.ts';

type Send = Pick<SendMessageBody, 'content' | 'clientMessageId'>;

const localId = (clientMessageId: string) => `local:${clientMessageId}`;

export function useSendMessage(conversationId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ content, clientMessageId }: Send) =>
      threadRequests.send(conversationId, { content, clientMessageId }),
    onMutate: ({ content, clientMessageId }: Send) => {
      // The open conversation's row names the tenant and account; the answer replaces this row anyway.
      const conversation = queryClient.getQueryData(conversationQueries.detail(conversationId).queryKey);
      const now = new Date().toISOString();
      upsertMessage(queryClient, {
        tenantId: conversation?.tenantId ?? '',
        id: localId(clientMessageId),
        conversationId,
        channelAccountId: conversation?.channelAccountId ?? '',
        direction: 'outbound',
        actorType: 'operator',
        actorId: readSession()?.operator.id ?? null,
        type: 'text',
        content,
        externalMessageId: null,
        clientMessageId,
        status: 'pending',
        error: null,
        replyToId: null,
        metadata: {},
        createdAt: now,
        updatedAt: now,
        attachments: [],
      });
    },
    onSuccess: (message) => upsertMessage(queryClient, message),
    onError: (_error, { clientMessageId }) => removeMessage(queryClient, conversationId, localId(clientMessageId)),
  });
}
