// Merging a duplicate client into another (the master): both locked, the
// duplicate's identities and conversations moved to the master (conversations
// keep their ids), the duplicate marked merged (it stays, hidden from lists,
// for the record), the master's blank fields filled from it, the merge
// recorded and audited, and one conversation.updated per moved conversation
// (it now shows the master's name). Who may merge is the caller's check.
import {
  absorbClientFields,
  type ClientRow,
  type ConversationRow,
  lockClients,
  markClientMerged,
  moveClientConversations,
  moveClientIdentities,
  recordAudit,
  recordClientMerge,
  type Tx,
} from '@relay/db';
import { conversationAudience, conversationPayload } from '@relay/realtime';
import type { Actor } from './actor.ts';
import type { Emit } from './emit.ts';
import { InboxError, notFound } from './inbox-error.ts';

export type MergeClientsInput = {
  tenantId: string;
  /** The client that stays. */
  masterId: string;
  /** The duplicate, merged into the master. */
  mergedClientId: string;
  reason: string | null;
  actor: Actor;
};

export type MergeClientsResult = {
  /** The master after absorbing the duplicate's fields. */
  client: ClientRow;
  /** How many identities moved. */
  identities: number;
  /** The moved conversations, as moved. */
  conversations: ConversationRow[];
};

export async function mergeClients(tx: Tx, emit: Emit, input: MergeClientsInput): Promise<MergeClientsResult> {
  const { tenantId, masterId, mergedClientId, reason, actor } = input;
  const locked = await lockClients(tx, tenantId, [masterId, mergedClientId]);
  const master = locked.find((c) => c.id === masterId);
  const merged = locked.find((c) => c.id === mergedClientId);
  if (!master) throw notFound('client');
  if (!merged) throw notFound('merged client');
  if (master.id === merged.id) throw new InboxError('unprocessable', 'a client cannot be merged into itself');
  if (master.mergedIntoId || merged.mergedIntoId) {
    throw new InboxError('unprocessable', 'one of these clients was already merged into another', {
      clientId: master.mergedIntoId ? master.id : merged.id,
      mergedIntoId: master.mergedIntoId ?? merged.mergedIntoId,
    });
  }

  const identities = await moveClientIdentities(tx, tenantId, merged.id, master.id);
  const conversations = await moveClientConversations(tx, tenantId, merged.id, master.id);
  // Marked first: the phone is unique among unmerged clients, and the master may take the duplicate's.
  await markClientMerged(tx, tenantId, merged.id, master.id);
  const client = await absorbClientFields(tx, tenantId, master.id, merged.id);
  await recordClientMerge(tx, tenantId, {
    masterId: master.id,
    mergedId: merged.id,
    mergedBy: actor.operatorId,
    reason,
  });
  await recordAudit(tx, tenantId, {
    operatorId: actor.operatorId,
    ip: actor.ip,
    action: 'client.merge',
    targetType: 'client',
    targetId: master.id,
    details: { mergedClientId: merged.id, reason, identities, conversationIds: conversations.map((c) => c.id) },
  });
  for (const conversation of conversations) {
    await emit({
      type: 'conversation.updated',
      conversationId: conversation.id,
      audience: conversationAudience(conversation),
      payload: { ...conversationPayload(conversation), clientName: client.name },
    });
  }
  return { client, identities, conversations };
}
