// Owns the auto-reply rules as admins edit them. The webhook reads the active
// ones through listActiveAutoReplies (beside the channel accounts).
import type { Queryable, Tx } from '../create-db.ts';

export type AutoReplyTrigger = 'keyword' | 'greeting' | 'away';

export type AutoReplyFields = {
  name: string;
  trigger: AutoReplyTrigger;
  keywords: string[];
  content: string;
  channels: string[];
  priority: number;
  isActive: boolean;
};

export type AutoReplyRuleRow = AutoReplyFields & { tenantId: string; id: string; createdAt: Date; updatedAt: Date };

export async function listAutoReplyRules(tx: Queryable, tenantId: string): Promise<AutoReplyRuleRow[]> {
  return tx<AutoReplyRuleRow[]>`
    select * from auto_replies where tenant_id = ${tenantId} order by trigger, priority desc, name, id`;
}

export async function getAutoReplyRule(tx: Queryable, tenantId: string, id: string) {
  const [row] = await tx<AutoReplyRuleRow[]>`select * from auto_replies where tenant_id = ${tenantId} and id = ${id}`;
  return row;
}

export async function createAutoReplyRule(tx: Tx, tenantId: string, input: AutoReplyFields): Promise<AutoReplyRuleRow> {
  const [row] = await tx<AutoReplyRuleRow[]>`
    insert into auto_replies (tenant_id, name, trigger, keywords, content, channels, priority, is_active)
    values (${tenantId}, ${input.name}, ${input.trigger}, ${input.keywords}::text[], ${input.content},
            ${input.channels}::text[], ${input.priority}, ${input.isActive})
    returning *`;
  return row as AutoReplyRuleRow;
}

export async function updateAutoReplyRule(tx: Tx, tenantId: string, id: string, input: AutoReplyFields) {
  const [row] = await tx<AutoReplyRuleRow[]>`
    update auto_replies set name = ${input.name}, trigger = ${input.trigger}, keywords = ${input.keywords}::text[],
                            content = ${input.content}, channels = ${input.channels}::text[],
                            priority = ${input.priority}, is_active = ${input.isActive}
     where tenant_id = ${tenantId} and id = ${id}
    returning *`;
  return row;
}

/** The deleted row, or undefined when there was none. */
export async function deleteAutoReplyRule(tx: Tx, tenantId: string, id: string): Promise<AutoReplyRuleRow | undefined> {
  const [row] = await tx<
    AutoReplyRuleRow[]
  >`delete from auto_replies where tenant_id = ${tenantId} and id = ${id} returning *`;
  return row;
}

/** Whether an active operator who chose online could answer: any, or a member of the queue when there is one. */
export async function anyOperatorOnline(tx: Queryable, tenantId: string, queueId: string | null): Promise<boolean> {
  const [row] = await tx`
    select 1 from operators o
     where o.tenant_id = ${tenantId} and o.is_active and o.availability = 'online'
       ${
         queueId
           ? tx`and exists (select 1 from queue_members m
                             where m.tenant_id = o.tenant_id and m.operator_id = o.id and m.queue_id = ${queueId})`
           : tx``
       }
     limit 1`;
  return Boolean(row);
}

/** Whether this rule answered in this conversation within the quiet period (a Postgres interval, '10 minutes'). */
export async function autoReplySentWithin(
  tx: Queryable,
  tenantId: string,
  input: { conversationId: string; autoReplyId: string; interval: string },
): Promise<boolean> {
  const [row] = await tx`
    select 1 from messages
     where tenant_id = ${tenantId} and conversation_id = ${input.conversationId} and actor_type = 'bot'
       and metadata->>'autoReplyId' = ${input.autoReplyId}
       and created_at > now() - ${input.interval}::interval
     limit 1`;
  return Boolean(row);
}
