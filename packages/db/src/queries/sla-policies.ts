// Owns SLA policies. Targets are stored in seconds; a tenant has at most one
// default policy (a partial unique index), and making one the default takes
// the flag from the others in the same transaction.
import type { Queryable, Tx } from '../create-db.ts';

export type SlaBusinessHours = { timezone: string; days: Partial<Record<string, [string, string][]>> };

export type SlaPolicyFields = {
  name: string;
  firstResponseSeconds: number | null;
  resolutionSeconds: number | null;
  warnAtPercent: number;
  businessHours: SlaBusinessHours | null;
  conditions: Record<string, unknown>;
  isDefault: boolean;
};

export type SlaPolicyRow = SlaPolicyFields & { tenantId: string; id: string; createdAt: Date; updatedAt: Date };

export async function listSlaPolicies(tx: Queryable, tenantId: string): Promise<SlaPolicyRow[]> {
  return tx<
    SlaPolicyRow[]
  >`select * from sla_policies where tenant_id = ${tenantId} order by is_default desc, name, id`;
}

export async function getSlaPolicy(tx: Queryable, tenantId: string, id: string): Promise<SlaPolicyRow | undefined> {
  const [row] = await tx<SlaPolicyRow[]>`select * from sla_policies where tenant_id = ${tenantId} and id = ${id}`;
  return row;
}

async function clearDefaultSlaPolicy(tx: Tx, tenantId: string, keep: string | null) {
  await tx`update sla_policies set is_default = false
            where tenant_id = ${tenantId} and is_default ${keep ? tx`and id <> ${keep}` : tx``}`;
}

export async function createSlaPolicy(tx: Tx, tenantId: string, input: SlaPolicyFields): Promise<SlaPolicyRow> {
  if (input.isDefault) await clearDefaultSlaPolicy(tx, tenantId, null);
  const [row] = await tx<SlaPolicyRow[]>`
    insert into sla_policies (tenant_id, name, first_response_seconds, resolution_seconds, warn_at_percent,
                              business_hours, conditions, is_default)
    values (${tenantId}, ${input.name}, ${input.firstResponseSeconds}, ${input.resolutionSeconds},
            ${input.warnAtPercent}, ${input.businessHours ? tx.json(input.businessHours as never) : null},
            ${tx.json(input.conditions as never)}, ${input.isDefault})
    returning *`;
  return row as SlaPolicyRow;
}

export async function updateSlaPolicy(tx: Tx, tenantId: string, id: string, input: SlaPolicyFields) {
  if (input.isDefault) await clearDefaultSlaPolicy(tx, tenantId, id);
  const [row] = await tx<SlaPolicyRow[]>`
    update sla_policies set name = ${input.name}, first_response_seconds = ${input.firstResponseSeconds},
                            resolution_seconds = ${input.resolutionSeconds}, warn_at_percent = ${input.warnAtPercent},
                            business_hours = ${input.businessHours ? tx.json(input.businessHours as never) : null},
                            conditions = ${tx.json(input.conditions as never)}, is_default = ${input.isDefault}
     where tenant_id = ${tenantId} and id = ${id}
    returning *`;
  return row;
}

/** Queues and conversations that used it are left without a policy (the foreign keys set null).
 * Returns the deleted row, or undefined when there was none. */
export async function deleteSlaPolicy(tx: Tx, tenantId: string, id: string): Promise<SlaPolicyRow | undefined> {
  const [row] = await tx<
    SlaPolicyRow[]
  >`delete from sla_policies where tenant_id = ${tenantId} and id = ${id} returning *`;
  return row;
}
