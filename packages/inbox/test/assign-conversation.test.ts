// assignConversation is the one assignment write for a person and for the
// worker's router: the same history row, audit row and event, differing only
// in who assigned (null: the system) and in the kind.
import { randomUUID } from 'node:crypto';
import { createOperator, getConversation, type NewEvent, withTenant } from '@relay/db';
import { fillEveryTenantTable, type TenantFixture, useTestDb } from '@relay/db/testing';
import { describe, expect, it } from 'vitest';
import { type AssignConversationInput, assignConversation, InboxError, SYSTEM } from '../src/index.ts';

const sql = useTestDb();

async function assign(fx: TenantFixture, input: Omit<AssignConversationInput, 'tenantId' | 'conversation'>) {
  const events: NewEvent[] = [];
  const result = await withTenant(sql, fx.tenantId, async (tx) => {
    const conversation = await getConversation(tx, fx.tenantId, fx.conversationId);
    if (!conversation) throw new Error('fixture conversation missing');
    return assignConversation(tx, async (event) => events.push(event), {
      tenantId: fx.tenantId,
      conversation,
      ...input,
    });
  });
  return { ...result, events };
}

async function historyOf(fx: TenantFixture) {
  return sql<{ operatorId: string | null; fromOperatorId: string | null; assignedBy: string | null; kind: string }[]>`
    select operator_id, from_operator_id, assigned_by, kind from assignments
     where tenant_id = ${fx.tenantId} and conversation_id = ${fx.conversationId}
     order by at, id offset 1`;
}

async function auditOf(fx: TenantFixture) {
  return sql<{ operatorId: string | null; ip: string | null; details: Record<string, unknown> }[]>`
    select operator_id, ip, details from audit_log
     where tenant_id = ${fx.tenantId} and target_id = ${fx.conversationId} and details ? 'kind'
     order by created_at, id`;
}

describe('assignConversation', () => {
  it("writes the same history, audit and event for a person's assignment and the router's", async () => {
    const fx = await fillEveryTenantTable(sql);
    const bob = await withTenant(sql, fx.tenantId, (tx) =>
      createOperator(tx, fx.tenantId, { email: 'bob@fixture.test', name: 'Bob', passwordHash: null }),
    );
    const byPerson = await assign(fx, {
      to: fx.operatorId,
      reason: null,
      actor: { operatorId: bob.id, ip: '203.0.113.9' },
    });
    const byRouter = await assign(fx, {
      to: bob.id,
      reason: 'assignee offline',
      actor: SYSTEM,
      routing: 'offline_reassign',
    });

    expect([byPerson.kind, byRouter.kind]).toEqual(['manual', 'offline_reassign']);
    expect(byRouter.conversation).toMatchObject({ assignedOperatorId: bob.id, status: 'open' });
    expect(await historyOf(fx)).toEqual([
      { operatorId: fx.operatorId, fromOperatorId: null, assignedBy: bob.id, kind: 'manual' },
      { operatorId: bob.id, fromOperatorId: fx.operatorId, assignedBy: null, kind: 'offline_reassign' },
    ]);
    expect(await auditOf(fx)).toEqual([
      {
        operatorId: bob.id,
        ip: '203.0.113.9',
        details: { from: null, to: fx.operatorId, kind: 'manual', reason: null },
      },
      {
        operatorId: null,
        ip: null,
        details: { from: fx.operatorId, to: bob.id, kind: 'offline_reassign', reason: 'assignee offline' },
      },
    ]);
    expect(byPerson.events).toEqual([
      expect.objectContaining({
        type: 'conversation.assigned',
        audience: { queueId: fx.queueId, operatorIds: [fx.operatorId] },
        payload: expect.objectContaining({ operatorId: fx.operatorId, fromOperatorId: null, assignedBy: bob.id }),
      }),
    ]);
    expect(byRouter.events).toEqual([
      expect.objectContaining({
        type: 'conversation.assigned',
        // The one who loses it hears of it too.
        audience: { queueId: fx.queueId, operatorIds: [fx.operatorId, bob.id] },
        payload: expect.objectContaining({ operatorId: bob.id, fromOperatorId: fx.operatorId, assignedBy: null }),
      }),
    ]);
  });

  it("checks a person's choice of assignee, and writes nothing when it is the current one", async () => {
    const fx = await fillEveryTenantTable(sql);
    const nobody = assign(fx, { to: randomUUID(), reason: null, actor: { operatorId: fx.operatorId, ip: null } });
    await expect(nobody).rejects.toBeInstanceOf(InboxError);
    await expect(nobody).rejects.toMatchObject({ code: 'not_found' });
    const gone = await withTenant(sql, fx.tenantId, async (tx) => {
      const op = await createOperator(tx, fx.tenantId, {
        email: 'gone@fixture.test',
        name: 'Gone',
        passwordHash: null,
      });
      await tx`update operators set is_active = false where tenant_id = ${fx.tenantId} and id = ${op.id}`;
      return op;
    });
    const inactive = assign(fx, { to: gone.id, reason: null, actor: { operatorId: fx.operatorId, ip: null } });
    await expect(inactive).rejects.toMatchObject({ code: 'unprocessable' });

    const unchanged = await assign(fx, { to: null, reason: null, actor: { operatorId: fx.operatorId, ip: null } });
    expect(unchanged).toMatchObject({ conversation: undefined, kind: 'unassign', events: [] });
    expect(await historyOf(fx)).toEqual([]);
  });
});
