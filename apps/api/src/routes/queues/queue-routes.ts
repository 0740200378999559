// Queues: where conversations wait, who works them, how they are routed and
// which SLA applies. Exactly one queue can be the default (new channel
// accounts land in it), and it cannot be deleted or stop being the default
// except by making another queue the default.
// The routes' contracts (paths, schemas) are apiRoutes.queues in @relay/contracts.
import { apiRoutes, type Queue } from '@relay/contracts';
import {
  createQueue,
  deleteQueue,
  existingOperatorIds,
  getDefaultQueueId,
  getQueue,
  getQueueSummary,
  getSlaPolicy,
  listOperatorAccess,
  listQueueSummaries,
  moveChannelAccountsToQueue,
  moveOpenConversationsToQueue,
  type QueueSummaryRow,
  replaceQueueMembers,
  type Tx,
  updateQueue,
  withTenant,
} from '@relay/db';
import { announceAccessChanged, writeWithEvents } from '@relay/realtime';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { isForeignKeyViolation, uniqueViolationOf } from '../../http/db-errors.ts';
import { routeMounter } from '../../http/mount-route.ts';
import { conversationAudience, conversationPayload } from '../conversations/conversation-access.ts';

const routes = apiRoutes.queues;

function queueDto(row: QueueSummaryRow): Queue {
  return {
    id: row.id,
    name: row.name,
    routingMode: row.routingMode,
    slaPolicyId: row.slaPolicyId,
    isDefault: row.isDefault,
    memberIds: row.memberIds,
    counts: { waiting: row.waiting, assigned: row.assigned },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

const noSuchSlaPolicy = () =>
  new AppError('unprocessable', 'slaPolicyId names no SLA policy of this workspace', [
    { path: ['slaPolicyId'], message: 'no such SLA policy', code: 'custom' },
  ]);

async function requireSlaPolicy(tx: Tx, tenantId: string, slaPolicyId: string | null | undefined) {
  if (!slaPolicyId) return;
  if (!(await getSlaPolicy(tx, tenantId, slaPolicyId))) throw noSuchSlaPolicy();
}

/** Database refusals a queue write can meet, as the client's errors. */
async function answeringConflicts<T>(work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    const constraint = uniqueViolationOf(error);
    if (constraint === 'queues_one_default') {
      throw new AppError('conflict', 'the default queue was changed by another request at the same time; try again');
    }
    if (constraint !== undefined) throw new AppError('conflict', 'a queue with this name already exists');
    // The policy was deleted between the check and the write.
    if (isForeignKeyViolation(error)) throw noSuchSlaPolicy();
    throw error;
  }
}

/** Ids in exactly one of the two lists (operator ids compared lower-case, as stored). */
function symmetricDifference(a: string[], b: string[]): string[] {
  const left = new Set(a.map((id) => id.toLowerCase()));
  const right = new Set(b.map((id) => id.toLowerCase()));
  return [...[...left].filter((id) => !right.has(id)), ...[...right].filter((id) => !left.has(id))];
}

export function queueRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(routes.listQueues, async (_input, { principal: me }) => {
    const rows = await withTenant(sql, me.tenantId, (tx) => listQueueSummaries(tx, me.tenantId));
    return { items: rows.map(queueDto) };
  });

  mount(routes.getQueue, async ({ params: { id } }, { principal: me }) => {
    const row = await withTenant(sql, me.tenantId, (tx) => getQueueSummary(tx, me.tenantId, id));
    if (!row) throw notFound('queue');
    return queueDto(row);
  });

  mount(routes.createQueue, async ({ body }, { req, principal: me }) => {
    const row = await answeringConflicts(
      withTenant(sql, me.tenantId, async (tx) => {
        await requireSlaPolicy(tx, me.tenantId, body.slaPolicyId);
        const created = await createQueue(tx, me.tenantId, body);
        await auditWrite(tx, me, req, {
          action: 'queue.create',
          targetType: 'queue',
          targetId: created.id,
          details: body,
        });
        return getQueueSummary(tx, me.tenantId, created.id);
      }),
    );
    return queueDto(row as QueueSummaryRow);
  });

  mount(routes.updateQueue, async ({ params: { id }, body }, { req, principal: me }) => {
    const row = await answeringConflicts(
      withTenant(sql, me.tenantId, async (tx) => {
        const current = await getQueue(tx, me.tenantId, id);
        if (!current) throw notFound('queue');
        if (current.isDefault && body.isDefault === false) {
          throw new AppError('conflict', 'there is always a default queue: make another queue the default instead');
        }
        await requireSlaPolicy(tx, me.tenantId, body.slaPolicyId);
        await updateQueue(tx, me.tenantId, id, {
          name: body.name ?? current.name,
          routingMode: body.routingMode ?? current.routingMode,
          slaPolicyId: body.slaPolicyId === undefined ? current.slaPolicyId : body.slaPolicyId,
          isDefault: body.isDefault ?? current.isDefault,
        });
        await auditWrite(tx, me, req, {
          action: 'queue.update',
          targetType: 'queue',
          targetId: id,
          details: body,
        });
        return getQueueSummary(tx, me.tenantId, id);
      }),
    );
    if (!row) throw notFound('queue');
    return queueDto(row);
  });

  // Nothing is left behind: open conversations and the channel accounts that
  // route into the queue move to the default queue, so none becomes invisible.
  mount(routes.deleteQueue, async ({ params: { id } }, { req, principal: me }) => {
    const { formerAccess, accounts } = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const current = await getQueue(tx, me.tenantId, id);
      if (!current) throw notFound('queue');
      if (current.isDefault) {
        throw new AppError('conflict', 'the default queue cannot be deleted: make another queue the default first');
      }
      const fallback = await getDefaultQueueId(tx, me.tenantId);
      const [summary] = await listQueueSummaries(tx, me.tenantId, id);
      const formerMembers = summary?.memberIds ?? [];
      const moved = await moveOpenConversationsToQueue(tx, me.tenantId, id, fallback);
      const accounts = await moveChannelAccountsToQueue(tx, me.tenantId, id, fallback);
      await deleteQueue(tx, me.tenantId, id);
      await auditWrite(tx, me, req, {
        action: 'queue.delete',
        targetType: 'queue',
        targetId: id,
        details: { name: current.name, movedTo: fallback, conversations: moved.length, channelAccounts: accounts },
      });
      for (const conversation of moved) {
        await emit({
          type: 'conversation.updated',
          conversationId: conversation.id,
          // The old queue's members hear it too, so the row leaves their lists.
          audience: conversationAudience(conversation, formerMembers),
          payload: conversationPayload(conversation),
        });
      }
      return { formerAccess: await listOperatorAccess(tx, formerMembers), accounts };
    });
    // Its members' sockets leave the queue's room.
    await announceAccessChanged(deps, { operators: formerAccess });
    // Webhooks of the moved accounts open conversations in the new queue from now on.
    if (accounts > 0) await deps.webhookAccounts.changed({ tenantId: me.tenantId });
  });

  mount(routes.replaceQueueMembers, async ({ params: { id }, body }, { req, principal: me }) => {
    const wanted = [...new Set(body.operatorIds.map((operatorId) => operatorId.toLowerCase()))];
    const changed = await withTenant(sql, me.tenantId, async (tx) => {
      const before = await getQueueSummary(tx, me.tenantId, id);
      if (!before) throw notFound('queue');
      const found = new Set(await existingOperatorIds(tx, me.tenantId, wanted));
      const missing = wanted.filter((operatorId) => !found.has(operatorId));
      if (missing.length > 0) {
        throw new AppError(
          'unprocessable',
          'operatorIds names operators this workspace does not have',
          missing.map((operatorId) => ({
            path: ['operatorIds', String(body.operatorIds.findIndex((given) => given.toLowerCase() === operatorId))],
            message: `no operator ${operatorId}`,
            code: 'custom',
          })),
        );
      }
      await replaceQueueMembers(tx, me.tenantId, id, wanted);
      await auditWrite(tx, me, req, {
        action: 'queue.members',
        targetType: 'queue',
        targetId: id,
        details: { operatorIds: wanted },
      });
      // Who joined or left: their live sockets join or leave the queue's room (after commit, below).
      const moved = symmetricDifference(before.memberIds, wanted);
      return { row: await getQueueSummary(tx, me.tenantId, id), access: await listOperatorAccess(tx, moved) };
    });
    if (!changed.row) throw notFound('queue');
    await announceAccessChanged(deps, { operators: changed.access });
    return queueDto(changed.row);
  });

  return router;
}
