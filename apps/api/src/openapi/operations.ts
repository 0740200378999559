// Every HTTP operation the API serves, with the contracts schemas it parses.
// The OpenAPI document is built from this table, and a test checks it against
// the router both ways, so an undocumented route fails the build.
import {
  assignBody,
  attachmentParams,
  createChannelAccountBody,
  createNoteBody,
  eventsQuery,
  idParams,
  listConversationsQuery,
  listMessagesQuery,
  loginBody,
  logoutBody,
  messageParams,
  patchChannelAccountBody,
  patchConversationBody,
  putTagsBody,
  readBody,
  refreshBody,
  retryMessageBody,
  sendMessageBody,
  tokenPair,
  transferBody,
} from '@relay/contracts';
import { z } from 'zod';
import { ACCOUNT_OPERATIONS } from './account-operations.ts';
import { WORKSPACE_OPERATIONS } from './workspace-operations.ts';

export type Operation = {
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  /** Express-style path, e.g. /api/v1/conversations/:id */
  path: string;
  summary: string;
  tag: string;
  /** false: no bearer token (login, webhooks, sign-up). */
  auth?: boolean;
  params?: z.ZodObject;
  query?: z.ZodObject;
  body?: z.ZodType;
  response?: z.ZodType;
  success?: number;
  /** The answer is a file, not JSON (any type; 502 when the provider that holds it fails). */
  binary?: boolean;
};

const webhookParams = z.object({ channel: z.string(), token: z.string() });
const v1 = (path: string) => `/api/v1${path}`;

export const OPERATIONS: Operation[] = [
  {
    method: 'POST',
    path: v1('/auth/login'),
    summary: 'Log in',
    tag: 'auth',
    auth: false,
    body: loginBody,
    response: tokenPair,
  },
  {
    method: 'POST',
    path: v1('/auth/refresh'),
    summary: 'Rotate the refresh token',
    tag: 'auth',
    auth: false,
    body: refreshBody,
    response: tokenPair,
  },
  {
    method: 'POST',
    path: v1('/auth/logout'),
    summary: 'End this session',
    tag: 'auth',
    body: logoutBody,
    success: 204,
  },
  { method: 'GET', path: v1('/me'), summary: 'The caller', tag: 'me' },
  {
    method: 'GET',
    path: v1('/conversations'),
    summary: 'List conversations (Mine, Unassigned, All)',
    tag: 'conversations',
    query: listConversationsQuery,
  },
  {
    method: 'GET',
    path: v1('/conversations/:id'),
    summary: 'One conversation with tags and unread count',
    tag: 'conversations',
    params: idParams,
  },
  {
    method: 'PATCH',
    path: v1('/conversations/:id'),
    summary: 'Change status, priority, stage, snooze or attributes',
    tag: 'conversations',
    params: idParams,
    body: patchConversationBody,
  },
  {
    method: 'POST',
    path: v1('/conversations/:id/read'),
    summary: 'Mark read up to a message',
    tag: 'conversations',
    params: idParams,
    body: readBody,
    success: 204,
  },
  {
    method: 'POST',
    path: v1('/conversations/:id/assign'),
    summary: 'Assign, transfer or unassign',
    tag: 'conversations',
    params: idParams,
    body: assignBody,
  },
  {
    method: 'POST',
    path: v1('/conversations/:id/transfer'),
    summary: 'Move to another queue, to an operator there or its waiting line',
    tag: 'conversations',
    params: idParams,
    body: transferBody,
  },
  {
    method: 'GET',
    path: v1('/conversations/:id/messages'),
    summary: 'A page of the thread, newest first',
    tag: 'messages',
    params: idParams,
    query: listMessagesQuery,
  },
  {
    method: 'POST',
    path: v1('/conversations/:id/messages'),
    summary: 'Send a reply (idempotent on clientMessageId)',
    tag: 'messages',
    params: idParams,
    body: sendMessageBody,
    success: 201,
  },
  {
    method: 'POST',
    path: v1('/conversations/:id/messages/:messageId/retry'),
    summary: 'Send a failed reply again (back to pending, delivery queued anew)',
    tag: 'messages',
    params: messageParams,
    body: retryMessageBody,
  },
  {
    method: 'GET',
    path: v1('/conversations/:id/messages/:messageId/attachments/:attachmentId/content'),
    summary: "An attachment's file, fetched from the provider that holds it (Telegram, WhatsApp); up to 20 MB",
    tag: 'messages',
    params: attachmentParams,
    binary: true,
  },
  {
    method: 'POST',
    path: v1('/conversations/:id/notes'),
    summary: 'Add an internal note with @mentions',
    tag: 'notes',
    params: idParams,
    body: createNoteBody,
    success: 201,
  },
  {
    method: 'GET',
    path: v1('/conversations/:id/notes'),
    summary: 'Internal notes, pinned first',
    tag: 'notes',
    params: idParams,
  },
  {
    method: 'PUT',
    path: v1('/conversations/:id/tags'),
    summary: 'Replace the tag set',
    tag: 'tags',
    params: idParams,
    body: putTagsBody,
  },
  {
    method: 'GET',
    path: v1('/events'),
    summary: 'Catch up on events after a seq (same as the socket sync)',
    tag: 'events',
    query: eventsQuery,
  },
  { method: 'GET', path: v1('/channel-accounts'), summary: 'Channel accounts', tag: 'channels' },
  {
    method: 'GET',
    path: v1('/channel-accounts/:id'),
    summary: 'One channel account with its webhook URL',
    tag: 'channels',
    params: idParams,
  },
  {
    method: 'POST',
    path: v1('/channel-accounts'),
    summary:
      'Connect a channel; the secret is shown only here. A callbackUrl the outbound policy can never reach (credentials, a loopback/private/link-local address) is 422',
    tag: 'channels',
    body: createChannelAccountBody,
    success: 201,
  },
  {
    method: 'PATCH',
    path: v1('/channel-accounts/:id'),
    summary: 'Rename, move to a queue, (de)activate',
    tag: 'channels',
    params: idParams,
    body: patchChannelAccountBody,
  },
  ...WORKSPACE_OPERATIONS,
  ...ACCOUNT_OPERATIONS,
  {
    method: 'POST',
    path: '/webhooks/:channel/:token',
    summary: 'Inbound webhook in the provider format (200 after commit)',
    tag: 'webhooks',
    auth: false,
    params: webhookParams,
  },
  {
    method: 'GET',
    path: '/webhooks/:channel/:token',
    summary: 'WhatsApp verification handshake (hub.challenge)',
    tag: 'webhooks',
    auth: false,
    params: webhookParams,
  },
];
