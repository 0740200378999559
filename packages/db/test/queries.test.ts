import { describe, expect, it } from 'vitest';
import {
  findOrCreateClientByIdentity,
  findOrCreateConversation,
  getConversation,
  insertInboundMessage,
  insertOutboundMessage,
  listMessages,
  recordMessageOnConversation,
  upsertDevice,
  withTenant,
} from '../src/index.ts';
import { fillEveryTenantTable, useTestDb } from '../src/testing/index.ts';

const sql = useTestDb();

describe('first contact', () => {
  it('makes one client per identity when the same person writes five times at once', async () => {
    const fx = await fillEveryTenantTable(sql);
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        withTenant(sql, fx.tenantId, (tx) =>
          findOrCreateClientByIdentity(tx, fx.tenantId, { channel: 'whatsapp', externalId: '79990001122' }),
        ),
      ),
    );
    expect(new Set(results.map((r) => r.client.id)).size).toBe(1);
    expect(results.filter((r) => r.created)).toHaveLength(1);
    const [counts] = await withTenant(
      sql,
      fx.tenantId,
      (tx) => tx<{ identities: number; orphans: number }[]>`
      select (select count(*)::int from client_identities where external_id = '79990001122') as identities,
             (select count(*)::int from clients c where not exists
                (select 1 from client_identities i where i.client_id = c.id)) as orphans`,
    );
    expect(counts).toEqual({ identities: 1, orphans: 0 });
  });

  it('follows a merged identity to the surviving client', async () => {
    const fx = await fillEveryTenantTable(sql);
    // The fixture merged "<slug>-2" into the client of "<slug>-1".
    const { client } = await withTenant(sql, fx.tenantId, async (tx) => {
      const [identity] = await tx<{ externalId: string }[]>`
        select i.external_id from client_identities i join clients c on c.id = i.client_id
         where c.merged_into_id is not null`;
      return findOrCreateClientByIdentity(tx, fx.tenantId, {
        channel: 'telegram',
        externalId: identity?.externalId ?? '',
      });
    });
    expect(client.id).toBe(fx.clientId);
  });

  it('reopens a resolved conversation when the client writes again', async () => {
    const fx = await fillEveryTenantTable(sql);
    const again = await withTenant(sql, fx.tenantId, async (tx) => {
      const before = await getConversation(tx, fx.tenantId, fx.conversationId);
      await tx`update conversations set status = 'resolved', resolved_at = now() where id = ${fx.conversationId}`;
      return findOrCreateConversation(tx, fx.tenantId, {
        clientId: fx.clientId,
        channelAccountId: fx.channelAccountId,
        externalChatId: before?.externalChatId ?? '',
      });
    });
    expect(again).toMatchObject({ created: false, reopened: true });
    expect(again.conversation).toMatchObject({ id: fx.conversationId, status: 'open', resolvedAt: null });
  });
});

describe('messages', () => {
  it('stores a webhook delivered five times concurrently once', async () => {
    const fx = await fillEveryTenantTable(sql);
    const inserted = await Promise.all(
      Array.from({ length: 5 }, () =>
        withTenant(sql, fx.tenantId, (tx) =>
          insertInboundMessage(tx, fx.tenantId, {
            conversationId: fx.conversationId,
            channelAccountId: fx.channelAccountId,
            externalMessageId: 'chat-1:777',
            content: 'same update',
          }),
        ),
      ),
    );
    expect(inserted.filter(Boolean)).toHaveLength(1);
    const [row] = await withTenant(
      sql,
      fx.tenantId,
      (tx) => tx<{ n: number }[]>`
      select count(*)::int as n from messages where external_message_id = 'chat-1:777'`,
    );
    expect(row?.n).toBe(1);
  });

  it('makes one outbound message per clientMessageId', async () => {
    const fx = await fillEveryTenantTable(sql);
    const send = () =>
      withTenant(sql, fx.tenantId, (tx) =>
        insertOutboundMessage(tx, fx.tenantId, {
          conversationId: fx.conversationId,
          channelAccountId: fx.channelAccountId,
          actorType: 'operator',
          actorId: fx.operatorId,
          clientMessageId: 'composer-abc-1',
          content: 'Hello!',
        }),
      );
    const first = await send();
    const second = await send();
    expect(first.created).toBe(true);
    expect(second).toEqual({ message: first.message, created: false });
    expect(first.message).toMatchObject({ status: 'pending', direction: 'outbound', actorId: fx.operatorId });
  });

  it('moves the conversation clocks and pages the thread newest first', async () => {
    const fx = await fillEveryTenantTable(sql);
    const t0 = new Date('2030-01-01T10:00:00Z');
    const conversation = await withTenant(sql, fx.tenantId, async (tx) => {
      for (let i = 1; i <= 3; i++) {
        const createdAt = new Date(t0.getTime() + i * 1000);
        await insertInboundMessage(tx, fx.tenantId, {
          conversationId: fx.conversationId,
          channelAccountId: fx.channelAccountId,
          externalMessageId: `page:${i}`,
          content: `m${i}`,
          createdAt,
        });
        await recordMessageOnConversation(tx, fx.tenantId, fx.conversationId, { actorType: 'client', createdAt });
      }
      await tx`update conversations set first_response_at = null where id = ${fx.conversationId}`;
      return recordMessageOnConversation(tx, fx.tenantId, fx.conversationId, {
        actorType: 'operator',
        createdAt: new Date(t0.getTime() + 4000),
      });
    });
    expect(conversation.lastClientMessageAt).toEqual(new Date(t0.getTime() + 3000));
    expect(conversation.firstResponseAt).toEqual(new Date(t0.getTime() + 4000));
    expect(conversation.status).toBe('open');

    const page = await withTenant(sql, fx.tenantId, (tx) =>
      listMessages(tx, fx.tenantId, fx.conversationId, { limit: 2 }),
    );
    const older = await withTenant(sql, fx.tenantId, (tx) =>
      listMessages(tx, fx.tenantId, fx.conversationId, {
        before: { at: page[1]?.cursorAt as string, id: page[1]?.id as string },
        limit: 10,
      }),
    );
    const contents = [...page, ...older].map((m) => m.content);
    expect(contents.slice(0, 3)).toEqual(['m3', 'm2', 'm1']);
    expect(new Set([...page, ...older].map((m) => m.id)).size).toBe(page.length + older.length);
  });
});

describe('devices', () => {
  it('moves an FCM token to the install that registers it last', async () => {
    const fx = await fillEveryTenantTable(sql);
    const [phone, tablet] = await withTenant(sql, fx.tenantId, async (tx) => [
      await upsertDevice(tx, fx.tenantId, {
        operatorId: fx.operatorId,
        deviceId: 'phone',
        fcmToken: 'tok-1',
        platform: 'android',
        deviceType: 'mobile',
      }),
      await upsertDevice(tx, fx.tenantId, {
        operatorId: fx.operatorId,
        deviceId: 'tablet',
        fcmToken: 'tok-1',
        platform: 'android',
        deviceType: 'mobile',
      }),
    ]);
    expect(tablet?.fcmToken).toBe('tok-1');
    const [reloaded] = await withTenant(
      sql,
      fx.tenantId,
      (tx) => tx<{ fcmToken: string | null }[]>`
      select fcm_token from operator_devices where id = ${phone?.id as string}`,
    );
    expect(reloaded?.fcmToken).toBeNull();
  });
});
