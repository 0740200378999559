// The HTTP operations documented by hand rather than by a route contract (@relay/contracts
// apiRoutes): sendMessage until its two success statuses have a contract, and the webhooks, which
// the webhook ingress answers outside Express. build-document.ts adds them to the contracts' rows,
// and a test checks the document against the router both ways, so an undocumented route fails.
import { idParams, sendMessageBody } from '@relay/contracts';
import { z } from 'zod';
import type { Operation } from './operation.ts';

export type { Operation };

const webhookParams = z.object({ channel: z.string(), token: z.string() });
const v1 = (path: string) => `/api/v1${path}`;

export const OPERATIONS: Operation[] = [
  {
    method: 'POST',
    path: v1('/conversations/:id/messages'),
    operationId: 'sendMessage',
    summary: 'Send a reply (idempotent on clientMessageId)',
    tag: 'messages',
    params: idParams,
    body: sendMessageBody,
    success: 201,
  },
  {
    method: 'POST',
    path: '/webhooks/:channel/:token',
    operationId: 'receiveWebhook',
    summary: 'Inbound webhook in the provider format (200 after commit)',
    tag: 'webhooks',
    auth: false,
    params: webhookParams,
  },
  {
    method: 'GET',
    path: '/webhooks/:channel/:token',
    operationId: 'verifyWebhook',
    summary: 'WhatsApp verification handshake (hub.challenge)',
    tag: 'webhooks',
    auth: false,
    params: webhookParams,
  },
];
