// Who may see a conversation is one rule (visibilityRule in @relay/db visibility.ts),
// read four ways: the inbox SQL (conversationsVisibleTo: list and get), the
// catch-up read on the events' visibility columns (eventsVisibleTo: GET /events'
// catchUp and the socket sync's catchUpJson), the live rooms (roomsFor ∩
// roomsOfMember), and the plain reading with every fact known (canSee).
// These property tests build small random workspaces and audiences and hold
// every reading to one answer for every operator and conversation, so a form
// that stopped following the rule shows at once.
import { randomUUID } from 'node:crypto';
import { type OperatorRole, seesEveryConversation } from '@relay/contracts';
import {
  appendEvents,
  audienceReach,
  type ConversationStatus,
  canSee,
  conversationReach,
  createChannelAccount,
  createOperator,
  createTenant,
  type EventAudience,
  getConversationItem,
  listConversationItems,
  listOperatorQueueIds,
  type Viewer,
  withTenant,
} from '@relay/db';
import { uniqueSlug, useTestDb } from '@relay/db/testing';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catchUp, catchUpJson } from '../src/catch-up.ts';
import { conversationAudience } from '../src/conversation-events.ts';
import { roomsFor, roomsOfMember } from '../src/rooms.ts';

// Mostly plain operators, and mostly queued conversations: the other roles and queueless
// conversations see or are seen by everyone, and the rule's interesting cases are the operator's.
const roleArb = fc.oneof(
  { arbitrary: fc.constant<OperatorRole>('operator'), weight: 3 },
  { arbitrary: fc.constantFrom<OperatorRole>('supervisor', 'admin', 'owner'), weight: 1 },
);
const STATUSES: ConversationStatus[] = ['new', 'open', 'pending', 'snoozed', 'resolved'];

/** A workspace by index: queues 0..queues-1, operators with roles and queue memberships, conversations. */
const worldArb = fc
  .record({ queues: fc.integer({ min: 1, max: 3 }), operators: fc.integer({ min: 1, max: 4 }) })
  .chain(({ queues, operators }) =>
    fc.record({
      queues: fc.constant(queues),
      operators: fc.array(
        fc.record({
          role: roleArb,
          queues: fc.uniqueArray(fc.nat(queues - 1), { maxLength: queues }),
        }),
        { minLength: operators, maxLength: operators },
      ),
      conversations: fc.array(
        fc.record({
          queue: fc.option(fc.nat(queues - 1), { nil: null, freq: 4 }),
          assignee: fc.option(fc.nat(operators - 1), { nil: null }),
          status: fc.constantFrom(...STATUSES),
        }),
        { minLength: 1, maxLength: 5 },
      ),
    }),
  );

type World = typeof worldArb extends fc.Arbitrary<infer T> ? T : never;

describe('visibility: inbox SQL, catch-up and live rooms agree', () => {
  const sql = useTestDb();

  async function build(world: World) {
    const slug = uniqueSlug('vis-agree');
    const tenant = await createTenant(sql, { name: 'Visibility agreement', slug });
    const tenantId = tenant.id;
    return withTenant(sql, tenantId, async (tx) => {
      const queueIds: string[] = [];
      for (let q = 0; q < world.queues; q++) {
        const [row] = await tx<{ id: string }[]>`
          insert into queues (tenant_id, name) values (${tenantId}, ${`Queue ${q}`}) returning id`;
        queueIds.push(row?.id as string);
      }
      const operators: { id: string; role: OperatorRole }[] = [];
      for (const [i, spec] of world.operators.entries()) {
        const op = await createOperator(tx, tenantId, {
          email: `op${i}@${slug}.test`,
          name: `Op ${i}`,
          passwordHash: null,
          role: spec.role,
        });
        operators.push({ id: op.id, role: spec.role });
        for (const q of spec.queues)
          await tx`insert into queue_members (tenant_id, queue_id, operator_id)
                   values (${tenantId}, ${queueIds[q] as string}, ${op.id})`;
      }
      const account = await createChannelAccount(tx, tenantId, {
        channel: 'telegram',
        name: 'Bot',
        externalAccountId: randomUUID(),
        webhookToken: randomUUID(),
        secret: null,
        credentials: null,
        settings: {},
        queueId: null,
      });
      const [client] = await tx<{ id: string }[]>`
        insert into clients (tenant_id, name) values (${tenantId}, 'Client') returning id`;
      const conversations: { id: string; queueId: string | null; assignedOperatorId: string | null }[] = [];
      for (const [i, spec] of world.conversations.entries()) {
        const queueId = spec.queue === null ? null : (queueIds[spec.queue] as string);
        const assignedOperatorId = spec.assignee === null ? null : (operators[spec.assignee]?.id as string);
        const [row] = await tx<{ id: string }[]>`
          insert into conversations (tenant_id, client_id, channel_account_id, external_chat_id, queue_id,
                                     assigned_operator_id, status, snoozed_until)
          values (${tenantId}, ${client?.id as string}, ${account.id}, ${`chat-${i}`}, ${queueId},
                  ${assignedOperatorId}, ${spec.status},
                  ${spec.status === 'snoozed' ? new Date(Date.now() + 3_600_000) : null})
          returning id`;
        conversations.push({ id: row?.id as string, queueId, assignedOperatorId });
      }
      return { tenantId, queueIds, operators, conversations };
    });
  }

  it('for random workspaces, every operator sees the same conversations every way', async () => {
    await fc.assert(
      fc.asyncProperty(worldArb, async (world) => {
        const { tenantId, operators, conversations } = await build(world);
        // One event per conversation, with the audience every writer gives it.
        const { latestSeq: start } = await catchUp(sql, { operatorId: randomUUID(), seesAll: true }, tenantId, 0);
        const events = await withTenant(sql, tenantId, (tx) =>
          appendEvents(
            tx,
            tenantId,
            conversations.map((c) => ({
              type: 'test.visibility',
              conversationId: c.id,
              audience: conversationAudience(c),
              payload: {},
            })),
          ),
        );
        const disagreements: unknown[] = [];
        for (const op of operators) {
          // Built as the API's viewerOf and the gateway's handshake build them.
          const viewer: Viewer = { operatorId: op.id, seesAll: seesEveryConversation(op.role) };
          const queueIds = await withTenant(sql, tenantId, (tx) => listOperatorQueueIds(tx, tenantId, op.id));
          const joined = new Set(roomsOfMember({ tenantId, operatorId: op.id, seesAll: viewer.seesAll, queueIds }));
          const listed = await withTenant(sql, tenantId, (tx) =>
            listConversationItems(tx, tenantId, viewer, { view: 'all', statuses: STATUSES, limit: 100 }),
          );
          const listedIds = new Set(listed.map((item) => item.id));
          const caughtUp = await catchUp(sql, viewer, tenantId, start);
          const caughtUpIds = new Set(caughtUp.events.map((event) => event.seq));
          // The socket's sync reads the same page as JSON text.
          const synced = await catchUpJson(sql, viewer, tenantId, start);
          const syncedIds = new Set((JSON.parse(synced.eventsJson) as { seq: number }[]).map((event) => event.seq));
          for (const [i, c] of conversations.entries()) {
            const event = events[i];
            if (!event) throw new Error('an appended event is missing');
            const got = await withTenant(sql, tenantId, (tx) => getConversationItem(tx, tenantId, viewer, c.id));
            const answers = {
              inboxGet: got !== undefined,
              inboxList: listedIds.has(c.id),
              catchUp: caughtUpIds.has(event.seq),
              sync: syncedIds.has(event.seq),
              live: roomsFor(event).some((r) => joined.has(r)),
              rule: canSee({ ...viewer, queueIds }, conversationReach(c)),
              ruleOnAudience: canSee({ ...viewer, queueIds }, audienceReach(event.audience)),
            };
            if (new Set(Object.values(answers)).size > 1)
              disagreements.push({
                operator: { index: operators.indexOf(op), role: op.role, queues: queueIds },
                conversation: { index: i, ...c, audience: event.audience },
                answers,
              });
          }
        }
        expect(disagreements, JSON.stringify({ world, disagreements }, null, 2)).toEqual([]);
      }),
      { numRuns: 25 },
    );
  });

  // Without a database, so it can try many more: any audience a writer may give (not only a
  // conversation's), any operator, the rooms against the plain reading of the rule.
  it('for random audiences and operators, the rooms follow the rule', () => {
    const ids = ['a', 'b', 'c'].map((n) => `00000000-0000-4000-8000-0000000000${n}${n}`);
    const T = '00000000-0000-4000-8000-000000000001';
    const audienceArb = fc.record(
      {
        queueId: fc.option(fc.constantFrom(...ids), { nil: null }),
        operatorIds: fc.array(fc.constantFrom(...ids), { maxLength: 3 }),
        supervisorsOnly: fc.boolean(),
      },
      { requiredKeys: [] },
    );
    const viewerArb = fc.record({
      operatorId: fc.constantFrom(...ids),
      seesAll: fc.boolean(),
      queueIds: fc.uniqueArray(fc.constantFrom(...ids), { maxLength: 3 }),
    });
    fc.assert(
      fc.property(audienceArb, viewerArb, (audience: EventAudience, viewer) => {
        const joined = new Set(roomsOfMember({ tenantId: T, ...viewer }));
        const live = roomsFor({ tenantId: T, audience }).some((r) => joined.has(r));
        expect(live).toBe(canSee(viewer, audienceReach(audience)));
      }),
      { numRuns: 2000 },
    );
  });
});
