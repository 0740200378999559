// The HTTP operations documented by hand rather than by a route contract (@relay/contracts
// apiRoutes): the webhooks, which the webhook ingress answers outside Express, in the provider's
// format. build-document.ts adds them to the contracts' rows, and a test checks the document
// against the router both ways, so an undocumented route fails.
import { z } from 'zod';
import type { Operation } from './operation.ts';

export type { Operation };

const webhookParams = z.object({ channel: z.string(), token: z.string() });

export const OPERATIONS: Operation[] = [
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
