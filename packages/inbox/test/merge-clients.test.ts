// mergeClients is the one merge of duplicate clients: these pin what moves,
// what the master absorbs, the one conversation.updated per moved
// conversation, the refusals (which write nothing) and the tenant wall.
import {
  type ClientRow,
  findOrCreateClientByIdentity,
  findOrCreateConversation,
  getClient,
  type NewEvent,
  withTenant,
} from '@relay/db';
import { fillEveryTenantTable, type TenantFixture, useTestDb } from '@relay/db/testing';
import { describe, expect, it } from 'vitest';
import { InboxError, type MergeClientsInput, mergeClients } from '../src/index.ts';

const sql = useTestDb();

async function merge(tenantId: string, input: Omit<MergeClientsInput, 'tenantId' | 'actor' | 'reason'>) {
  const events: NewEvent[] = [];
  const result = await withTenant(sql, tenantId, (tx) =>
    mergeClients(tx, async (event) => events.push(event), {
      tenantId,
      reason: 'same person',
      actor: { operatorId: null, ip: '203.0.113.7' },
      ...input,
    }),
  );
  return { ...result, events };
}

/** A client with one identity and one conversation per chat given. */
async function clientWith(fx: TenantFixture, externalId: string, name: string | null, chats: string[]) {
  return withTenant(sql, fx.tenantId, async (tx) => {
    const { client } = await findOrCreateClientByIdentity(tx, fx.tenantId, {
      channel: 'telegram',
      externalId,
      displayName: name,
    });
    const conversationIds: string[] = [];
    for (const chat of chats) {
      const { conversation } = await findOrCreateConversation(tx, fx.tenantId, {
        clientId: client.id,
        channelAccountId: fx.channelAccountId,
        externalChatId: chat,
        queueId: fx.queueId,
      });
      conversationIds.push(conversation.id);
    }
    return { client, conversationIds };
  });
}

async function clientOf(tenantId: string, id: string): Promise<ClientRow | undefined> {
  return withTenant(sql, tenantId, (tx) => getClient(tx, tenantId, id));
}

async function ownersOf(tenantId: string, conversationIds: string[]) {
  const rows = await sql<{ clientId: string }[]>`
    select client_id from conversations where tenant_id = ${tenantId} and id = any(${conversationIds})`;
  return rows.map((r) => r.clientId);
}

describe('mergeClients', () => {
  it('moves identities and conversations to the master, which absorbs blank fields, and emits once per conversation', async () => {
    const fx = await fillEveryTenantTable(sql);
    const master = await clientWith(fx, 'merge-master', null, ['chat-master']);
    const duplicate = await clientWith(fx, 'merge-duplicate', 'Maria', ['chat-dup-1', 'chat-dup-2']);

    const merged = await merge(fx.tenantId, { masterId: master.client.id, mergedClientId: duplicate.client.id });

    expect(merged.client).toMatchObject({ id: master.client.id, name: 'Maria', mergedIntoId: null });
    expect(merged.identities).toBe(1);
    expect(merged.conversations.map((c) => c.id).sort()).toEqual([...duplicate.conversationIds].sort());
    expect(await ownersOf(fx.tenantId, duplicate.conversationIds)).toEqual([master.client.id, master.client.id]);
    const [identities] = await sql<{ n: number }[]>`
      select count(*)::int as n from client_identities where tenant_id = ${fx.tenantId} and client_id = ${master.client.id}`;
    expect(identities?.n).toBe(2);
    expect(await clientOf(fx.tenantId, duplicate.client.id)).toMatchObject({ mergedIntoId: master.client.id });

    // The master's own conversation did not move, so it gets no event.
    expect(merged.events).toHaveLength(2);
    expect(merged.events.map((e) => e.conversationId).sort()).toEqual([...duplicate.conversationIds].sort());
    for (const event of merged.events) {
      expect(event).toMatchObject({
        type: 'conversation.updated',
        audience: { queueId: fx.queueId },
        payload: { clientName: 'Maria', conversation: { clientId: master.client.id } },
      });
    }

    const records = await sql`
      select master_client_id, merged_by, reason from client_merges
       where tenant_id = ${fx.tenantId} and merged_client_id = ${duplicate.client.id}`;
    expect(records).toEqual([{ masterClientId: master.client.id, mergedBy: null, reason: 'same person' }]);
    const audit = await sql`
      select operator_id, ip, details from audit_log
       where tenant_id = ${fx.tenantId} and action = 'client.merge' and target_id = ${master.client.id}`;
    expect(audit).toEqual([
      {
        operatorId: null,
        ip: '203.0.113.7',
        details: {
          mergedClientId: duplicate.client.id,
          reason: 'same person',
          identities: 1,
          conversationIds: expect.arrayContaining(duplicate.conversationIds),
        },
      },
    ]);
  });

  it('refuses merging a client into itself and merging a merged client, writing nothing', async () => {
    const fx = await fillEveryTenantTable(sql);
    const self = merge(fx.tenantId, { masterId: fx.clientId, mergedClientId: fx.clientId });
    await expect(self).rejects.toBeInstanceOf(InboxError);
    await expect(self).rejects.toMatchObject({
      code: 'unprocessable',
      message: 'a client cannot be merged into itself',
    });

    // The fixture's second client is already merged into its first.
    const [gone] = await sql<{ id: string }[]>`
      select id from clients where tenant_id = ${fx.tenantId} and merged_into_id = ${fx.clientId}`;
    const goneId = gone?.id as string;
    const fresh = await clientWith(fx, 'merge-fresh', 'Fresh', ['chat-fresh']);
    for (const [masterId, mergedClientId] of [
      [fresh.client.id, goneId],
      [goneId, fresh.client.id],
    ] as const) {
      const again = merge(fx.tenantId, { masterId, mergedClientId });
      await expect(again).rejects.toMatchObject({
        code: 'unprocessable',
        details: { clientId: goneId, mergedIntoId: fx.clientId },
      });
    }
    expect(await clientOf(fx.tenantId, fresh.client.id)).toMatchObject({ mergedIntoId: null, name: 'Fresh' });
    expect(await ownersOf(fx.tenantId, fresh.conversationIds)).toEqual([fresh.client.id]);
    const [merges] = await sql<{ n: number }[]>`
      select count(*)::int as n from client_merges where tenant_id = ${fx.tenantId}`;
    expect(merges?.n).toBe(1);
  });

  it("cannot reach another tenant's clients, on either side", async () => {
    const a = await fillEveryTenantTable(sql);
    const b = await fillEveryTenantTable(sql);
    const mine = await clientWith(a, 'wall-mine', 'Mine', ['chat-mine']);
    const theirs = await clientWith(b, 'wall-theirs', 'Theirs', ['chat-theirs']);

    const asDuplicate = merge(a.tenantId, { masterId: mine.client.id, mergedClientId: theirs.client.id });
    await expect(asDuplicate).rejects.toMatchObject({ code: 'not_found', message: 'merged client not found' });
    const asMaster = merge(a.tenantId, { masterId: theirs.client.id, mergedClientId: mine.client.id });
    await expect(asMaster).rejects.toMatchObject({ code: 'not_found', message: 'client not found' });

    expect(await clientOf(b.tenantId, theirs.client.id)).toMatchObject({ mergedIntoId: null, name: 'Theirs' });
    expect(await ownersOf(b.tenantId, theirs.conversationIds)).toEqual([theirs.client.id]);
    expect(await clientOf(a.tenantId, mine.client.id)).toMatchObject({ mergedIntoId: null });
  });
});
