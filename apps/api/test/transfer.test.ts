// POST /conversations/:id/transfer: another queue, to someone there or its
// waiting line; history, audit and the events that move the row between the
// two queues' lists; who may; and the SLA policy picked again for the new queue.
// Through the typed client: every answer is parsed with apiRoutes.conversations' contracts.
import { apiRoutes, type TransferBody } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { refused, useApi } from './support/api-harness.ts';
import { auditActionsOf, demoStaff } from './support/demo-staff.ts';

const api = useApi();
const { transferConversation, getConversation, listConversations } = apiRoutes.conversations;

async function demo() {
  const staff = await demoStaff(api);
  const { tenantId } = staff;
  const conversations = await api.sql<{ id: string; name: string }[]>`
    select c.id, cl.name from conversations c join clients cl on cl.tenant_id = c.tenant_id and cl.id = c.client_id
     where c.tenant_id = ${tenantId}`;
  const conv = (name: string) => conversations.find((c) => c.name === name)?.id as string;
  const queues = await api.sql<
    { id: string; name: string }[]
  >`select id, name from queues where tenant_id = ${tenantId}`;
  const queue = (name: string) => queues.find((q) => q.name === name)?.id as string;
  return { ...staff, conv, support: queue('Support'), sales: queue('Sales') };
}

const transfer = (token: string, id: string, body: Partial<TransferBody> & { queueId: string }) =>
  api.client(token).call(transferConversation, { params: { id }, body });
const getAs = (token: string, id: string) => api.client(token).call(getConversation, { params: { id } });

describe('transferring a conversation to another queue', () => {
  it('moves it to the queue and the operator, with history, audit and events for both queues', async () => {
    const { tenantId, supervisor, bob, carol, conv, support, sales } = await demo();
    const ivan = conv('Ivan P.');
    const reply = await transfer(supervisor.token, ivan, {
      queueId: sales,
      operatorId: carol.id,
      reason: 'Asks for a quote',
    });
    expect(reply).toMatchObject({ id: ivan, queueId: sales, assignedOperatorId: carol.id, status: 'open' });

    const history = await api.sql`
      select kind, operator_id, from_operator_id, assigned_by, reason from assignments
       where tenant_id = ${tenantId} and conversation_id = ${ivan} order by at desc limit 1`;
    expect(history).toEqual([
      {
        kind: 'transfer',
        operatorId: carol.id,
        fromOperatorId: bob.id,
        assignedBy: supervisor.id,
        reason: 'Asks for a quote',
      },
    ]);
    expect(await auditActionsOf(api, tenantId, ivan)).toContain('conversation.transfer');

    const events = api.published.filter((e) => e.tenantId === tenantId && e.conversationId === ivan);
    const updated = events.find((e) => e.type === 'conversation.updated');
    const assigned = events.find((e) => e.type === 'conversation.assigned');
    // The old queue hears it leave; the new queue (and the former assignee) hear it arrive.
    expect(updated?.audience).toMatchObject({ queueId: support });
    expect(updated?.audience.operatorIds).toEqual(expect.arrayContaining([bob.id, carol.id]));
    expect(assigned?.audience).toMatchObject({ queueId: sales });
    expect(assigned?.audience.operatorIds).toEqual(expect.arrayContaining([bob.id, carol.id]));
    expect(assigned?.payload).toMatchObject({
      kind: 'transfer',
      operatorId: carol.id,
      fromOperatorId: bob.id,
      fromQueueId: support,
      queueId: sales,
      conversation: { queueId: sales, assignedOperatorId: carol.id },
    });

    // Bob is not in Sales: the conversation is out of his sight now; Carol has it in Mine.
    await refused(getAs(bob.token, ivan), 404);
    const mine = await api.client(carol.token).call(listConversations, { query: { view: 'mine' } });
    expect(mine.items.map((c) => c.id)).toContain(ivan);
  });

  it('lets operators transfer their own and unassigned conversations only, and checks the target', async () => {
    const { alice, supervisor, conv, sales } = await demo();
    const dmitry = conv('Dmitry K.');
    await refused(transfer(alice.token, conv('Ivan P.'), { queueId: sales }), 403, 'forbidden');

    const bad = await refused(
      transfer(supervisor.token, dmitry, { queueId: '00000000-0000-4000-8000-000000000000' }),
      422,
      'unprocessable',
    );
    expect(bad.error.details).toMatchObject([{ path: ['queueId'] }]);
    await refused(
      transfer(supervisor.token, dmitry, { queueId: sales, operatorId: '00000000-0000-4000-8000-000000000000' }),
      404,
      'not_found',
    );

    // Her own conversation, into the Sales waiting line: it leaves her sight, the answer still says where it went.
    const own = await transfer(alice.token, dmitry, { queueId: sales });
    expect(own).toMatchObject({ id: dmitry, queueId: sales, assignedOperatorId: null });
    await refused(getAs(alice.token, dmitry), 404);
    // Unassigned in her queue: she may send it on too.
    const maria = conv('Maria S.');
    expect(await transfer(alice.token, maria, { queueId: sales })).toMatchObject({ id: maria, queueId: sales });
  });

  it('picks the SLA policy again for the new queue, restarting the clocks only when it changes', async () => {
    const { tenantId, supervisor, conv, sales, support } = await demo();
    const maria = conv('Maria S.');
    const before = await getAs(supervisor.token, maria);
    expect(before.slaPolicyId).toEqual(expect.any(String));

    // Sales uses the same Standard policy as Support: nothing to restart.
    const same = await transfer(supervisor.token, maria, { queueId: sales });
    expect(same).toMatchObject({
      slaPolicyId: before.slaPolicyId,
      firstResponseDueAt: before.firstResponseDueAt,
      resolutionDueAt: before.resolutionDueAt,
    });

    const [fast] = await api.sql<{ id: string }[]>`
      insert into sla_policies (tenant_id, name, first_response_seconds, resolution_seconds, warn_at_percent)
      values (${tenantId}, 'Support fast lane', 60, 3600, 50) returning id`;
    await api.sql`update queues set sla_policy_id = ${fast?.id as string} where tenant_id = ${tenantId} and id = ${support}`;
    const started = Date.now();
    const back = await transfer(supervisor.token, maria, { queueId: support });
    expect(back.slaPolicyId).toBe(fast?.id);
    // Unanswered: both clocks run from the transfer on the new policy.
    const firstDue = Date.parse(back.firstResponseDueAt ?? '');
    expect(firstDue).toBeGreaterThanOrEqual(started + 60_000 - 1000);
    expect(firstDue).toBeLessThanOrEqual(Date.now() + 60_000 + 1000);
    expect(Date.parse(back.resolutionDueAt ?? '') - firstDue).toBe(3_540_000);
    expect(back).toMatchObject({ firstResponseBreached: false, resolutionBreached: false });
  });

  it('answers the same conversation unchanged when nothing would move', async () => {
    const { tenantId, supervisor, conv, support } = await demo();
    const ivan = conv('Ivan P.');
    const [{ assignedOperatorId }] = (await api.sql`
      select assigned_operator_id from conversations where tenant_id = ${tenantId} and id = ${ivan}`) as unknown as [
      { assignedOperatorId: string },
    ];
    const count = async () =>
      (
        await api.sql`select count(*)::int as n from assignments where tenant_id = ${tenantId} and conversation_id = ${ivan}`
      )[0]?.n;
    const history = await count();
    const reply = await transfer(supervisor.token, ivan, { queueId: support, operatorId: assignedOperatorId });
    expect(reply).toMatchObject({ id: ivan, queueId: support, assignedOperatorId });
    expect(await count()).toBe(history);
  });
});
