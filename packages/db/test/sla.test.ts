// Applying SLA policies in the database: which policy a new conversation gets,
// its due times (business hours included), a fresh cycle on reopening, and
// 'met' recorded in the same transaction as the reply or resolution.
import { describe, expect, it } from 'vitest';
import {
  type ConversationRow,
  createChannelAccount,
  createQueue,
  createSlaPolicy,
  createTenant,
  findOrCreateClientByIdentity,
  findOrCreateConversation,
  listSlaEvents,
  recordMessageOnConversation,
  recordSlaMet,
  restartSlaAfterReopen,
  type SlaPolicyFields,
  type Tx,
  withTenant,
} from '../src/index.ts';
import { uniqueSlug, useTestDb } from '../src/testing/index.ts';

const sql = useTestDb();

const policyFields = (fields: Partial<SlaPolicyFields>): SlaPolicyFields => ({
  name: 'P',
  firstResponseSeconds: 60,
  resolutionSeconds: 3600,
  warnAtPercent: 50,
  businessHours: null,
  conditions: {},
  isDefault: false,
  ...fields,
});

/** A tenant with a default policy and a queue policy (either may be left out), and a channel account on the queue. */
async function world(spec: {
  queue?: Partial<SlaPolicyFields>;
  fallback?: Partial<SlaPolicyFields>;
  channel?: string;
}) {
  const slug = uniqueSlug('sla');
  const tenant = await createTenant(sql, { name: `SLA ${slug}`, slug });
  return withTenant(sql, tenant.id, async (tx) => {
    const fallback = spec.fallback
      ? await createSlaPolicy(tx, tenant.id, policyFields({ name: 'Default', ...spec.fallback, isDefault: true }))
      : undefined;
    const own = spec.queue
      ? await createSlaPolicy(tx, tenant.id, policyFields({ name: 'Queue', ...spec.queue }))
      : undefined;
    const queue = await createQueue(tx, tenant.id, {
      name: 'Q',
      routingMode: 'manual',
      slaPolicyId: own?.id ?? null,
      isDefault: true,
    });
    const account = await createChannelAccount(tx, tenant.id, {
      channel: spec.channel ?? 'telegram',
      name: 'Account',
      externalAccountId: slug,
      webhookToken: `wh-${slug}-0123456789abcdefghij`,
      secret: null,
      credentials: null,
      settings: {},
      queueId: queue.id,
    });
    return {
      tenantId: tenant.id,
      queueId: queue.id,
      channelAccountId: account.id,
      queuePolicyId: own?.id,
      defaultPolicyId: fallback?.id,
    };
  });
}
type World = Awaited<ReturnType<typeof world>>;

async function open(tx: Tx, w: World, chat = 'chat-1') {
  const { client } = await findOrCreateClientByIdentity(tx, w.tenantId, { channel: 'telegram', externalId: chat });
  return findOrCreateConversation(tx, w.tenantId, {
    clientId: client.id,
    channelAccountId: w.channelAccountId,
    externalChatId: chat,
    queueId: w.queueId,
  });
}

const ms = (date: Date | null) => date?.getTime();

describe('applying a policy to a new conversation', () => {
  it("uses the queue's policy and sets the four moments from the creation time", async () => {
    const w = await world({ queue: { firstResponseSeconds: 60, resolutionSeconds: 3600, warnAtPercent: 75 } });
    const { conversation: c } = await withTenant(sql, w.tenantId, (tx) => open(tx, w));
    const created = c.createdAt.getTime();
    expect(c.slaPolicyId).toBe(w.queuePolicyId);
    expect(ms(c.firstResponseDueAt)).toBe(created + 60_000);
    expect(ms(c.firstResponseWarnAt)).toBe(created + 45_000);
    expect(ms(c.resolutionDueAt)).toBe(created + 3_600_000);
    expect(ms(c.resolutionWarnAt)).toBe(created + 2_700_000);
    expect(c).toMatchObject({ firstResponseWarned: false, firstResponseBreached: false, resolutionWarned: false });
  });

  it("falls back to the tenant default when the queue's policy does not match, and to none", async () => {
    const w = await world({
      queue: { conditions: { priorityAtLeast: 2 } },
      fallback: { firstResponseSeconds: 30, resolutionSeconds: null, conditions: { channels: ['telegram'] } },
    });
    const { conversation: c } = await withTenant(sql, w.tenantId, (tx) => open(tx, w));
    expect(c.slaPolicyId).toBe(w.defaultPolicyId);
    expect(ms(c.firstResponseDueAt)).toBe(c.createdAt.getTime() + 30_000);
    expect(c).toMatchObject({ resolutionDueAt: null, resolutionWarnAt: null });

    const other = await world({ fallback: { conditions: { channels: ['whatsapp'] } }, channel: 'telegram' });
    const { conversation: none } = await withTenant(sql, other.tenantId, (tx) => open(tx, other));
    expect(none).toMatchObject({ slaPolicyId: null, firstResponseDueAt: null, resolutionDueAt: null });
  });

  it('stops the clock over a closed night: 60 s before closing plus 300 s is 240 s after the next opening', async () => {
    // A fixed-offset zone where it is now about noon, so today's closing is a
    // minute or two away and tomorrow 09:00 is a plain offset from midnight.
    const now = new Date();
    const offsetHours = 12 - now.getUTCHours();
    const timezone = offsetHours === 0 ? 'UTC' : `Etc/GMT${offsetHours > 0 ? '-' : '+'}${Math.abs(offsetHours)}`;
    const local = new Date(now.getTime() + offsetHours * 3_600_000); // UTC fields read as local wall time
    const closingLocal = new Date(Math.floor(local.getTime() / 60_000) * 60_000 + 2 * 60_000);
    const closing = new Date(closingLocal.getTime() - offsetHours * 3_600_000);
    const hhmm = closingLocal.toISOString().slice(11, 16);
    const keys = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
    const today = keys[local.getUTCDay()] as string;
    const tomorrow = keys[(local.getUTCDay() + 1) % 7] as string;
    const localMidnight = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
    const nextOpening = localMidnight + 24 * 3_600_000 + 9 * 3_600_000 - offsetHours * 3_600_000;

    const w = await world({
      queue: {
        firstResponseSeconds: 300,
        resolutionSeconds: null,
        warnAtPercent: 50,
        businessHours: { timezone, days: { [today]: [['00:00', hhmm]], [tomorrow]: [['09:00', '18:00']] } },
      },
    });
    const { conversation: c } = await withTenant(sql, w.tenantId, (tx) => open(tx, w));
    const openToday = closing.getTime() - c.createdAt.getTime();
    expect(openToday).toBeGreaterThan(0);
    expect(openToday).toBeLessThan(150_000);
    expect(ms(c.firstResponseDueAt)).toBe(nextOpening + 300_000 - openToday);
    expect(ms(c.firstResponseWarnAt)).toBe(nextOpening + 150_000 - openToday);
  });
});

describe('a reopened conversation', () => {
  it('starts a fresh cycle from now: first response cleared, flags reset, new due times', async () => {
    const w = await world({ queue: { firstResponseSeconds: 60 } });
    const first = await withTenant(sql, w.tenantId, (tx) => open(tx, w));
    await withTenant(sql, w.tenantId, async (tx) => {
      await recordMessageOnConversation(tx, w.tenantId, first.conversation.id, {
        actorType: 'operator',
        createdAt: new Date(),
      });
      await tx`update conversations set status = 'resolved', resolved_at = now(), first_response_warned = true,
                      first_response_breached = true, resolution_warned = true
                where tenant_id = ${w.tenantId} and id = ${first.conversation.id}`;
    });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const again = await withTenant(sql, w.tenantId, (tx) => open(tx, w));
    expect(again.reopened).toBe(true);
    const c = again.conversation;
    expect(c).toMatchObject({
      status: 'open',
      resolvedAt: null,
      firstResponseAt: null,
      firstResponseWarned: false,
      firstResponseBreached: false,
      resolutionWarned: false,
      slaPolicyId: w.queuePolicyId,
    });
    expect(ms(c.firstResponseDueAt)).toBeGreaterThan(ms(first.conversation.firstResponseDueAt) as number);
    expect(ms(c.firstResponseDueAt)).toBe(c.updatedAt.getTime() + 60_000);
  });

  it('reopened by hand restarts the resolution clock, and the first-response one only if unanswered', async () => {
    const w = await world({ queue: { firstResponseSeconds: 60, resolutionSeconds: 600 } });
    const { answered, unanswered } = await withTenant(sql, w.tenantId, async (tx) => {
      const a = (await open(tx, w, 'a')).conversation;
      const b = (await open(tx, w, 'b')).conversation;
      await recordMessageOnConversation(tx, w.tenantId, a.id, { actorType: 'operator', createdAt: new Date() });
      const reopen = async (c: ConversationRow) => {
        const [row] = await tx<ConversationRow[]>`
          update conversations set resolution_due_at = now() - interval '1 hour', resolution_breached = true,
                 first_response_due_at = now() - interval '1 hour'
           where tenant_id = ${w.tenantId} and id = ${c.id} returning *`;
        return restartSlaAfterReopen(tx, w.tenantId, row as ConversationRow);
      };
      return { answered: await reopen(a), unanswered: await reopen(b) };
    });
    for (const c of [answered, unanswered]) {
      expect(ms(c.resolutionDueAt)).toBe(c.updatedAt.getTime() + 600_000);
      expect(c.resolutionBreached).toBe(false);
    }
    expect(ms(unanswered.firstResponseDueAt)).toBe(unanswered.updatedAt.getTime() + 60_000);
    expect(ms(answered.firstResponseDueAt)).toBeLessThan(Date.now());
  });
});

describe("recording 'met'", () => {
  it('records an operator first reply in time once, and no reply by a bot', async () => {
    const w = await world({ queue: { firstResponseSeconds: 60 } });
    const events = await withTenant(sql, w.tenantId, async (tx) => {
      const { conversation } = await open(tx, w);
      await recordMessageOnConversation(tx, w.tenantId, conversation.id, { actorType: 'bot', createdAt: new Date() });
      const at = new Date();
      const replied = await recordMessageOnConversation(tx, w.tenantId, conversation.id, {
        actorType: 'operator',
        createdAt: at,
      });
      await recordMessageOnConversation(tx, w.tenantId, conversation.id, {
        actorType: 'operator',
        createdAt: new Date(at.getTime() + 5),
      });
      expect(await recordSlaMet(tx, w.tenantId, replied, 'first_response')).toBeUndefined(); // already there
      return { at, rows: await listSlaEvents(tx, w.tenantId, conversation.id) };
    });
    expect(events.rows.map((r) => [r.kind, r.event, r.at.getTime()])).toEqual([
      ['first_response', 'met', events.at.getTime()],
    ]);
  });

  it('records nothing for a reply after the due time, or a resolution after it', async () => {
    const w = await world({ queue: { firstResponseSeconds: 60, resolutionSeconds: 60 } });
    const rows = await withTenant(sql, w.tenantId, async (tx) => {
      const { conversation } = await open(tx, w);
      const late = new Date(Date.now() + 120_000);
      const replied = await recordMessageOnConversation(tx, w.tenantId, conversation.id, {
        actorType: 'operator',
        createdAt: late,
      });
      expect(await recordSlaMet(tx, w.tenantId, { ...replied, resolvedAt: late }, 'resolution')).toBeUndefined();
      const resolvedInTime = { ...replied, resolvedAt: new Date() };
      expect(await recordSlaMet(tx, w.tenantId, resolvedInTime, 'resolution')).toMatchObject({ event: 'met' });
      return listSlaEvents(tx, w.tenantId, conversation.id);
    });
    expect(rows.map((r) => [r.kind, r.event])).toEqual([['resolution', 'met']]);
  });
});
