// GET /conversations/:id/messages/:messageId/attachments/:attachmentId/content:
// the bytes of a file a Telegram or WhatsApp user sent, which Relay stores
// only as the provider's handle. Whoever may read the thread may fetch them;
// the API streams them from the provider without keeping a copy (the contract is
// apiRoutes.conversations.downloadAttachment: binary, the handler writes the answer).
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { MAX_MEDIA_BYTES } from '@relay/channels';
import { apiRoutes } from '@relay/contracts';
import { getAttachmentSource, getConversationItem, withTenant } from '@relay/db';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { routeMounter } from '../../http/mount-route.ts';
import { databaseWorkDone } from '../../http/request-deadline.ts';
import { attachmentHeaders } from './attachment-headers.ts';
import { viewerOf } from './conversation-access.ts';
import { fetchAttachmentMedia } from './fetch-attachment-media.ts';

export function attachmentContentRoutes(deps: ResolvedDeps): Router {
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(
    apiRoutes.conversations.downloadAttachment,
    async ({ params: { id, messageId, attachmentId } }, { req, res, principal: me }) => {
      const source = await withTenant(deps.sql, me.tenantId, async (tx) => {
        if (!(await getConversationItem(tx, me.tenantId, viewerOf(me), id))) throw notFound('conversation');
        return getAttachmentSource(tx, me.tenantId, { conversationId: id, messageId, attachmentId });
      });
      if (!source) throw notFound('attachment');
      if (source.size !== null && source.size > MAX_MEDIA_BYTES) {
        throw new AppError(
          'payload_too_large',
          `the file is over the ${MAX_MEDIA_BYTES / 1024 / 1024} MB Relay downloads`,
          {
            size: source.size,
          },
        );
      }

      // The download has the egress caps as its bounds, not the database's deadline.
      databaseWorkDone(res);
      // An operator who leaves stops the download at the provider too.
      const gone = new AbortController();
      res.once('close', () => gone.abort());
      const media = await fetchAttachmentMedia(source, deps, gone.signal);
      res.status(200).set(attachmentHeaders(source, media));
      try {
        await pipeline(Readable.fromWeb(media.body as NodeReadableStream<Uint8Array>), res);
      } catch (error) {
        // The headers are out: all that is left is to cut the response short, which pipeline did.
        req.log?.warn({ err: error, attachmentId }, 'attachment download ended early');
      }
    },
  );

  return router;
}
