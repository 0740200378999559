// The attachment content query factory: the bytes of a file only its provider
// holds (Telegram and WhatsApp send ids, not URLs), fetched once through the
// API's content route and kept as a Blob by attachment id. A file never
// changes, so it is never stale; the component showing it makes and revokes
// the object URL.
import { apiRoutes } from '@relay/contracts';
import { queryOptions } from '@tanstack/react-query';
import { ApiError, call } from '../lib/api.ts';

export type AttachmentRef = { conversationId: string; messageId: string; attachmentId: string };

export const attachmentQueries = {
  content: ({ conversationId, messageId, attachmentId }: AttachmentRef) =>
    queryOptions({
      queryKey: ['attachment', attachmentId, 'content'] as const,
      queryFn: () =>
        call(apiRoutes.conversations.downloadAttachment, {
          params: { id: conversationId, messageId, attachmentId },
        }),
      staleTime: Number.POSITIVE_INFINITY,
      // Blobs hold memory: a file off screen for a few minutes is let go.
      gcTime: 5 * 60_000,
      // The provider's refusal will not change on its own; the operator has Retry. A dropped connection is tried again once.
      retry: (failures, error) => failures < 1 && error instanceof ApiError && error.status === 0,
    }),
};
