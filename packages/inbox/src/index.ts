// @relay/inbox: the domain. One function per business operation (send a
// reply, assign, transfer, add a note, change a conversation…), each taking
// (tx, emit, input) inside the caller's writeWithEvents, so API routes,
// webhooks and the worker run the same rules and emit the same events.
// Routes only parse, authorize and call; SQL lives in @relay/db.
export { type Actor, SYSTEM } from './actor.ts';
export { type AddNoteInput, addNote } from './add-note.ts';
export {
  type AssignConversationInput,
  type AssignConversationResult,
  assignConversation,
  type RoutingKind,
} from './assign-conversation.ts';
export type { Emit, TenantEmit } from './emit.ts';
export { InboxError, notFound } from './inbox-error.ts';
export {
  type InboundDelivery,
  type IngestInboundInput,
  type IngestResult,
  ingestInbound,
  WEBHOOK_TOUCH_EVERY_MS,
} from './ingest-inbound.ts';
export { type MergeClientsInput, type MergeClientsResult, mergeClients } from './merge-clients.ts';
export { type RetryReplyInput, retryReply } from './retry-reply.ts';
export { type ReplySender, type SendReplyInput, type SendReplyResult, sendReply } from './send-reply.ts';
export { type SetConversationTagsInput, setConversationTags } from './set-conversation-tags.ts';
export { type TransferConversationInput, transferConversation } from './transfer-conversation.ts';
export { type UpdateClientInput, updateClient } from './update-client.ts';
export { type UpdateConversationInput, updateConversation } from './update-conversation.ts';
