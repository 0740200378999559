// Every HTTP operation the API serves, with the contracts schemas it parses.
// The OpenAPI document is built from this table, and a test checks it against
// the router both ways, so an undocumented route fails the build.
import { idParams, sendMessageBody } from '@relay/contracts';
import { z } from 'zod';
import type { Operation } from './operation.ts';
import { WORKSPACE_OPERATIONS } from './workspace-operations.ts';

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
  ...WORKSPACE_OPERATIONS,
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
