// Owns an operator's own view of their devices: the list and deactivation.
// Registration (upsertDevice) lives with the operators, since login uses it.
import type { Queryable, Tx } from '../create-db.ts';
import type { DeviceRow } from './operators.ts';

export type DeviceListRow = DeviceRow & { createdAt: Date; updatedAt: Date };

export async function listDevices(tx: Queryable, tenantId: string, operatorId: string): Promise<DeviceListRow[]> {
  return tx<DeviceListRow[]>`
    select * from operator_devices where tenant_id = ${tenantId} and operator_id = ${operatorId}
     order by is_active desc, last_active_at desc nulls last, id`;
}

/** Stops pushes to a device (no token, inactive); the row stays for the record. */
export async function deactivateDevice(tx: Tx, tenantId: string, operatorId: string, deviceId: string) {
  const [row] = await tx<DeviceListRow[]>`
    update operator_devices set is_active = false, fcm_token = null
     where tenant_id = ${tenantId} and operator_id = ${operatorId} and device_id = ${deviceId}
    returning *`;
  return row;
}
