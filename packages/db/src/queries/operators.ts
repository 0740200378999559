// Owns reads and writes of operators and their devices.
import type { OperatorRole } from '@relay/contracts';
import type { Queryable, Tx } from '../create-db.ts';
import { activeOperatorCount } from './plan-limits.ts';

// The role list lives in @relay/contracts; re-exported for the query modules that name it.
export type { OperatorRole };
export type Availability = 'online' | 'away' | 'offline';

export type OperatorRow = {
  tenantId: string;
  id: string;
  email: string;
  name: string;
  passwordHash: string | null;
  role: OperatorRole;
  availability: Availability;
  capacity: number;
  settings: Record<string, unknown>;
  isActive: boolean;
  lastSeenAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export type NewOperator = {
  email: string;
  name: string;
  passwordHash: string | null;
  role?: OperatorRole;
  capacity?: number;
};

export async function createOperator(tx: Tx, tenantId: string, input: NewOperator): Promise<OperatorRow> {
  const [row] = await tx<OperatorRow[]>`
    insert into operators (tenant_id, email, name, password_hash, role, capacity)
    values (${tenantId}, ${input.email.toLowerCase()}, ${input.name}, ${input.passwordHash},
            ${input.role ?? 'operator'}, ${input.capacity ?? 10})
    returning *`;
  return row as OperatorRow;
}

export async function findOperatorByEmail(tx: Queryable, tenantId: string, email: string) {
  const [row] = await tx<OperatorRow[]>`
    select * from operators where tenant_id = ${tenantId} and email = ${email.toLowerCase()}`;
  return row;
}

export async function getOperator(tx: Queryable, tenantId: string, id: string): Promise<OperatorRow | undefined> {
  const [row] = await tx<OperatorRow[]>`select * from operators where tenant_id = ${tenantId} and id = ${id}`;
  return row;
}

export async function listOperators(
  tx: Queryable,
  tenantId: string,
  filter: { role?: OperatorRole | undefined } = {},
): Promise<OperatorRow[]> {
  return tx<OperatorRow[]>`
    select * from operators where tenant_id = ${tenantId} ${filter.role ? tx`and role = ${filter.role}` : tx``}
     order by name, id`;
}

/**
 * How many active operators the plan allows and has. Locks the tenant row (the
 * lock the event log takes too), so concurrent creations cannot overshoot.
 */
/** Of these operator ids, the ones that are active operators of the tenant. */
export async function activeOperatorIds(tx: Queryable, tenantId: string, ids: string[]): Promise<string[]> {
  const rows = await tx<{ id: string }[]>`
    select id from operators where tenant_id = ${tenantId} and id = any(${ids}) and is_active`;
  return rows.map((row) => row.id);
}

export async function operatorAllowance(tx: Tx, tenantId: string): Promise<{ limit: number; active: number }> {
  const [row] = await tx<{ limit: number; active: number }[]>`
    select t.max_operators as limit, ${activeOperatorCount(tx)} as active
      from tenants t where t.id = ${tenantId}
       for no key update`;
  if (!row) throw new Error(`tenant ${tenantId} is not visible to this transaction`);
  return row;
}

/** The active owners' ids, locked, so two requests cannot remove the last two owners at once. */
export async function lockActiveOwnerIds(tx: Tx, tenantId: string): Promise<string[]> {
  const rows = await tx<{ id: string }[]>`
    select id from operators where tenant_id = ${tenantId} and role = 'owner' and is_active order by id for no key update`;
  return rows.map((row) => row.id);
}

export type OperatorChanges = {
  name?: string | undefined;
  role?: OperatorRole | undefined;
  capacity?: number | undefined;
  isActive?: boolean | undefined;
  availability?: Availability | undefined;
  /** Merged into the stored settings (top-level keys replace). */
  settings?: Record<string, unknown> | undefined;
};

export async function updateOperator(tx: Tx, tenantId: string, id: string, changes: OperatorChanges) {
  const [row] = await tx<OperatorRow[]>`
    update operators set
      name = coalesce(${changes.name ?? null}, name),
      role = coalesce(${changes.role ?? null}, role),
      capacity = coalesce(${changes.capacity ?? null}::int, capacity),
      is_active = coalesce(${changes.isActive ?? null}::boolean, is_active),
      availability = coalesce(${changes.availability ?? null}, availability),
      settings = settings || ${tx.json((changes.settings ?? {}) as never)}
     where tenant_id = ${tenantId} and id = ${id}
    returning *`;
  return row;
}

export async function setOperatorPassword(tx: Tx, tenantId: string, id: string, passwordHash: string) {
  await tx`update operators set password_hash = ${passwordHash} where tenant_id = ${tenantId} and id = ${id}`;
}

/** The chosen availability of those of these operators who are active (presence joins it with live sockets). */
export async function listOperatorAvailability(
  tx: Queryable,
  tenantId: string,
  ids: string[],
): Promise<{ id: string; availability: Availability }[]> {
  if (ids.length === 0) return [];
  return tx<{ id: string; availability: Availability }[]>`
    select id, availability from operators where tenant_id = ${tenantId} and is_active and id = any(${ids}::uuid[])`;
}

/** One of the operator's sockets just went away (or its gateway node did). */
export async function markOperatorSeen(tx: Tx, tenantId: string, id: string): Promise<void> {
  await tx`update operators set last_seen_at = now() where tenant_id = ${tenantId} and id = ${id}`;
}

export type DeviceRow = {
  tenantId: string;
  id: string;
  operatorId: string;
  deviceId: string;
  deviceType: 'mobile' | 'desktop' | 'web';
  platform: 'android' | 'ios' | 'web';
  name: string | null;
  fcmToken: string | null;
  isActive: boolean;
  lastActiveAt: Date | null;
  pushFailures: number;
};

export type DeviceInput = {
  operatorId: string;
  deviceId: string;
  deviceType?: DeviceRow['deviceType'];
  platform?: DeviceRow['platform'];
  name?: string | null;
  fcmToken?: string | null;
};

/**
 * Registers a device or refreshes it by (operator, deviceId). A token that an
 * older registration of the tenant still holds is moved here: FCM tokens belong
 * to one app install, and a stale copy would get pushes meant for this one.
 */
export async function upsertDevice(tx: Tx, tenantId: string, input: DeviceInput): Promise<DeviceRow> {
  if (input.fcmToken) {
    await tx`
      update operator_devices set fcm_token = null
       where tenant_id = ${tenantId} and fcm_token = ${input.fcmToken}
         and not (operator_id = ${input.operatorId} and device_id = ${input.deviceId})`;
  }
  const [row] = await tx<DeviceRow[]>`
    insert into operator_devices (tenant_id, operator_id, device_id, device_type, platform, name, fcm_token, last_active_at)
    values (${tenantId}, ${input.operatorId}, ${input.deviceId}, ${input.deviceType ?? 'web'},
            ${input.platform ?? 'web'}, ${input.name ?? null}, ${input.fcmToken ?? null}, now())
    on conflict (tenant_id, operator_id, device_id) do update set
      device_type = excluded.device_type,
      platform = excluded.platform,
      name = coalesce(excluded.name, operator_devices.name),
      fcm_token = coalesce(excluded.fcm_token, operator_devices.fcm_token),
      is_active = true,
      push_failures = case when excluded.fcm_token is not null
                            and excluded.fcm_token is distinct from operator_devices.fcm_token
                           then 0 else operator_devices.push_failures end,
      last_active_at = now()
    returning *`;
  return row as DeviceRow;
}
