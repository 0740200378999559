// Owns a conversation's SLA cycle in the database: applying a policy's timers
// (on creation and on reopening) and recording targets met. The engine's
// side (scanning due moments, firing them) is in sla-due.ts.
import { parsePolicy, pickPolicy, type SlaTimers, slaTimers } from '@relay/sla';
import type { Queryable, Tx } from '../create-db.ts';
import type { ConversationRow } from './conversation-row.ts';
import type { SlaPolicyRow } from './sla-policies.ts';

export type SlaKind = 'first_response' | 'resolution';
export type SlaEventKind = 'warning' | 'breach' | 'met';

export type SlaEventRow = {
  tenantId: string;
  id: string;
  conversationId: string;
  kind: SlaKind;
  event: SlaEventKind;
  dueAt: Date;
  at: Date;
};

async function policiesFor(tx: Tx, tenantId: string, conversation: ConversationRow) {
  const [context] = await tx<{ channel: string; queuePolicyId: string | null; now: Date }[]>`
    select a.channel, q.sla_policy_id as queue_policy_id, now() as now
      from channel_accounts a
      left join queues q on q.tenant_id = a.tenant_id and q.id = ${conversation.queueId}
     where a.tenant_id = ${tenantId} and a.id = ${conversation.channelAccountId}`;
  if (!context) throw new Error(`channel account ${conversation.channelAccountId} not found`);
  const policies = await tx<SlaPolicyRow[]>`
    select * from sla_policies
     where tenant_id = ${tenantId} and (is_default or id = ${context.queuePolicyId})`;
  const policy = pickPolicy(policies, {
    queueId: conversation.queueId,
    queuePolicyId: context.queuePolicyId,
    channel: context.channel,
    priority: conversation.priority,
  });
  return { policy, now: context.now };
}

/**
 * Starts a conversation's SLA cycle now: picks its policy (the queue's, or the
 * tenant default, whichever matches first) and sets the four moments. On a
 * reopened conversation it is a fresh cycle: the customer is waiting again,
 * so the first-response clock restarts too and every fired flag is cleared
 * (the events of the old cycle stay, keyed by their own due times).
 */
export async function startSlaCycle(tx: Tx, tenantId: string, conversation: ConversationRow): Promise<ConversationRow> {
  const { policy, now } = await policiesFor(tx, tenantId, conversation);
  const timers: SlaTimers = slaTimers(policy, now);
  const [row] = await tx<ConversationRow[]>`
    update conversations set
      sla_policy_id = ${policy?.id ?? null},
      first_response_at = null,
      first_response_due_at = ${timers.firstResponseDueAt}, first_response_warn_at = ${timers.firstResponseWarnAt},
      resolution_due_at = ${timers.resolutionDueAt}, resolution_warn_at = ${timers.resolutionWarnAt},
      first_response_warned = false, first_response_breached = false,
      resolution_warned = false, resolution_breached = false
     where tenant_id = ${tenantId} and id = ${conversation.id}
    returning *`;
  return row as ConversationRow;
}

/**
 * A resolved conversation reopened by hand: the resolution clock starts over
 * from now on the conversation's own policy (its conditions were checked when
 * the cycle began). The first-response clock starts over too if nobody has
 * answered yet; an answered one is left as it was.
 */
export async function restartSlaAfterReopen(
  tx: Tx,
  tenantId: string,
  conversation: ConversationRow,
): Promise<ConversationRow> {
  if (!conversation.slaPolicyId) return conversation;
  const [stored] = await tx<(SlaPolicyRow & { now: Date })[]>`
    select *, now() as now from sla_policies where tenant_id = ${tenantId} and id = ${conversation.slaPolicyId}`;
  const policy = stored && parsePolicy(stored);
  if (!stored || !policy) return conversation;
  return restartClocks(tx, tenantId, conversation, conversation.slaPolicyId, slaTimers(policy, stored.now));
}

/**
 * A conversation moved to another queue: its policy is picked again as if it
 * had arrived there (the new queue's when it matches, else the tenant
 * default). The same policy leaves the clocks as they were. A different one
 * (or none) starts them over from now, as reopening does: the resolution
 * clock, and the first-response clock only if nobody has answered yet — the
 * new queue's promise begins when it is handed the conversation. A resolved
 * conversation only records the policy, which a reopening then counts on.
 */
export async function repickSlaAfterTransfer(
  tx: Tx,
  tenantId: string,
  conversation: ConversationRow,
): Promise<ConversationRow> {
  const { policy, now } = await policiesFor(tx, tenantId, conversation);
  const policyId = policy?.id ?? null;
  if (policyId === conversation.slaPolicyId) return conversation;
  if (conversation.status === 'resolved') {
    const [row] = await tx<ConversationRow[]>`
      update conversations set sla_policy_id = ${policyId}
       where tenant_id = ${tenantId} and id = ${conversation.id}
      returning *`;
    return row as ConversationRow;
  }
  return restartClocks(tx, tenantId, conversation, policyId, slaTimers(policy, now));
}

/**
 * Starts the clocks over on `policyId` from `timers`: always the resolution
 * clock, and the first-response clock only while nobody has answered.
 */
async function restartClocks(
  tx: Tx,
  tenantId: string,
  conversation: ConversationRow,
  policyId: string | null,
  timers: SlaTimers,
): Promise<ConversationRow> {
  const unanswered = conversation.firstResponseAt === null;
  const [row] = await tx<ConversationRow[]>`
    update conversations set
      sla_policy_id = ${policyId},
      resolution_due_at = ${timers.resolutionDueAt}, resolution_warn_at = ${timers.resolutionWarnAt},
      resolution_warned = false, resolution_breached = false,
      first_response_due_at = case when ${unanswered} then ${timers.firstResponseDueAt}::timestamptz
                                   else first_response_due_at end,
      first_response_warn_at = case when ${unanswered} then ${timers.firstResponseWarnAt}::timestamptz
                                    else first_response_warn_at end,
      first_response_warned = first_response_warned and not ${unanswered},
      first_response_breached = first_response_breached and not ${unanswered}
     where tenant_id = ${tenantId} and id = ${conversation.id}
    returning *`;
  return row as ConversationRow;
}

/**
 * Records a target met, if it was: the first operator reply (or the
 * resolution) at or before its due time, with no breach recorded. Idempotent:
 * the unique key (conversation, kind, event, due_at) keeps it to one per cycle.
 */
export async function recordSlaMet(
  tx: Tx,
  tenantId: string,
  conversation: ConversationRow,
  kind: SlaKind,
): Promise<SlaEventRow | undefined> {
  const [dueAt, doneAt, breached] =
    kind === 'first_response'
      ? [conversation.firstResponseDueAt, conversation.firstResponseAt, conversation.firstResponseBreached]
      : [conversation.resolutionDueAt, conversation.resolvedAt, conversation.resolutionBreached];
  if (!dueAt || !doneAt || breached || doneAt > dueAt) return undefined;
  const [row] = await tx<SlaEventRow[]>`
    insert into sla_events (tenant_id, conversation_id, kind, event, due_at, at)
    values (${tenantId}, ${conversation.id}, ${kind}, 'met', ${dueAt}, ${doneAt})
    on conflict (tenant_id, conversation_id, kind, event, due_at) do nothing
    returning *`;
  return row;
}

export async function listSlaEvents(tx: Queryable, tenantId: string, conversationId: string): Promise<SlaEventRow[]> {
  return tx<SlaEventRow[]>`
    select * from sla_events where tenant_id = ${tenantId} and conversation_id = ${conversationId} order by at, id`;
}
