// Operators of the workspace. Any staff may list them; admins add and change
// them. Rules the database cannot see: only owners make or change owners, the
// plan's max_operators counts active operators, the last active owner stays
// one, and a deactivated operator's sessions end at once. No DELETE:
// history (messages, assignments, audit) keeps pointing at the person.
// The routes' contracts (paths, schemas) are apiRoutes.operators in @relay/contracts.
import { apiRoutes } from '@relay/contracts';
import {
  createOperator,
  getOperator,
  listOperatorAccess,
  listOperators,
  lockActiveOwnerIds,
  operatorAllowance,
  revokeOperatorSessions,
  type Tx,
  updateOperator,
  withTenant,
} from '@relay/db';
import { announceAccessChanged, writeWithEvents } from '@relay/realtime';
import { hashPassword } from '@relay/security';
import { Router } from 'express';
import type { ResolvedDeps } from '../../deps.ts';
import { AppError, notFound } from '../../errors/app-error.ts';
import { auditWrite } from '../../http/audit-write.ts';
import { uniqueViolationOf } from '../../http/db-errors.ts';
import { routeMounter } from '../../http/mount-route.ts';
import { operatorUpdatedPayload, operatorView } from './operator-dto.ts';

const routes = apiRoutes.operators;

async function requireOperatorRoom(tx: Tx, tenantId: string) {
  const { limit, active } = await operatorAllowance(tx, tenantId);
  if (active >= limit) {
    throw new AppError('plan_limit_reached', `this plan allows ${limit} active operators`, { limit, active });
  }
}

const onlyOwners = () => new AppError('forbidden', 'only an owner can make an owner or change one');

export function operatorRoutes(deps: ResolvedDeps): Router {
  const { sql } = deps;
  const router = Router();
  const mount = routeMounter(router, deps);

  mount(routes.listOperators, async ({ query }, { principal: me }) => {
    const rows = await withTenant(sql, me.tenantId, (tx) => listOperators(tx, me.tenantId, { role: query.role }));
    return { items: rows.map(operatorView) };
  });

  mount(routes.getOperator, async ({ params: { id } }, { principal: me }) => {
    const row = await withTenant(sql, me.tenantId, (tx) => getOperator(tx, me.tenantId, id));
    if (!row) throw notFound('operator');
    return operatorView(row);
  });

  mount(routes.createOperator, async ({ body }, { req, principal: me }) => {
    if (body.role === 'owner' && me.role !== 'owner') throw onlyOwners();
    const passwordHash = body.password ? await hashPassword(body.password) : null;
    try {
      const created = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
        await requireOperatorRoom(tx, me.tenantId);
        const row = await createOperator(tx, me.tenantId, {
          email: body.email,
          name: body.name,
          role: body.role,
          passwordHash,
          capacity: body.capacity,
        });
        await auditWrite(tx, me, req, {
          action: 'operator.create',
          targetType: 'operator',
          targetId: row.id,
          details: { email: body.email, name: body.name, role: body.role, capacity: row.capacity },
        });
        await emit({ type: 'operator.updated', audience: {}, payload: operatorUpdatedPayload(row) });
        return row;
      });
      return operatorView(created);
    } catch (error) {
      if (uniqueViolationOf(error) !== undefined) {
        throw new AppError('conflict', 'an operator with this email already exists', [
          { path: ['email'], message: 'already used in this workspace', code: 'custom' },
        ]);
      }
      throw error;
    }
  });

  mount(routes.updateOperator, async ({ params: { id }, body }, { req, principal: me }) => {
    const updated = await writeWithEvents(deps, me.tenantId, async (tx, emit) => {
      const target = await getOperator(tx, me.tenantId, id);
      if (!target) throw notFound('operator');
      if (me.role !== 'owner' && (target.role === 'owner' || body.role === 'owner')) throw onlyOwners();

      const deactivating = target.isActive && body.isActive === false;
      const demoting = target.role === 'owner' && body.role !== undefined && body.role !== 'owner';
      if (target.role === 'owner' && target.isActive && (deactivating || demoting)) {
        const owners = await lockActiveOwnerIds(tx, me.tenantId);
        if (owners.filter((ownerId) => ownerId !== id).length === 0) {
          throw new AppError('conflict', 'this is the last active owner; make someone else an owner first');
        }
      }
      if (!target.isActive && body.isActive === true) await requireOperatorRoom(tx, me.tenantId);

      const row = await updateOperator(tx, me.tenantId, id, {
        name: body.name,
        role: body.role,
        capacity: body.capacity,
        isActive: body.isActive,
        // Nobody is online from a deactivated account.
        availability: deactivating ? 'offline' : undefined,
      });
      if (!row) throw notFound('operator');
      const sessionsEnded = deactivating ? await revokeOperatorSessions(tx, me.tenantId, id) : 0;
      await auditWrite(tx, me, req, {
        action: 'operator.update',
        targetType: 'operator',
        targetId: id,
        details: { ...body, sessionsEnded },
      });
      await emit({ type: 'operator.updated', audience: {}, payload: operatorUpdatedPayload(row) });
      // A new role or activation moves the operator's live sockets' rooms (after commit, below).
      const access = body.role !== undefined || body.isActive !== undefined ? await listOperatorAccess(tx, [id]) : [];
      return { row, access };
    });
    await announceAccessChanged(deps, { operators: updated.access });
    return operatorView(updated.row);
  });

  return router;
}
