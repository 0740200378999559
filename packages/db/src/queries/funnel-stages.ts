// Owns the sales funnel's stages, in position order. Deleting one clears it
// from conversations (the foreign key sets stage_id null).
import type { Queryable, Tx } from '../create-db.ts';

export type FunnelStageRow = {
  tenantId: string;
  id: string;
  name: string;
  position: number;
  isFinal: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export async function listFunnelStages(tx: Queryable, tenantId: string): Promise<FunnelStageRow[]> {
  return tx<FunnelStageRow[]>`select * from funnel_stages where tenant_id = ${tenantId} order by position, name, id`;
}

export async function getFunnelStage(tx: Queryable, tenantId: string, id: string) {
  const [row] = await tx<FunnelStageRow[]>`select * from funnel_stages where tenant_id = ${tenantId} and id = ${id}`;
  return row;
}

/** Without a position the stage goes after the last one. */
export async function createFunnelStage(
  tx: Tx,
  tenantId: string,
  input: { name: string; position?: number | undefined; isFinal: boolean },
): Promise<FunnelStageRow> {
  const [row] = await tx<FunnelStageRow[]>`
    insert into funnel_stages (tenant_id, name, position, is_final)
    values (${tenantId}, ${input.name},
            ${input.position ?? tx`(select coalesce(max(position) + 1, 0) from funnel_stages where tenant_id = ${tenantId})`},
            ${input.isFinal})
    returning *`;
  return row as FunnelStageRow;
}

export async function updateFunnelStage(
  tx: Tx,
  tenantId: string,
  id: string,
  input: { name?: string | undefined; position?: number | undefined; isFinal?: boolean | undefined },
) {
  const [row] = await tx<FunnelStageRow[]>`
    update funnel_stages set name = coalesce(${input.name ?? null}, name),
                             position = coalesce(${input.position ?? null}::int, position),
                             is_final = coalesce(${input.isFinal ?? null}::boolean, is_final)
     where tenant_id = ${tenantId} and id = ${id}
    returning *`;
  return row;
}

/** The deleted row, or undefined when there was none. */
export async function deleteFunnelStage(tx: Tx, tenantId: string, id: string): Promise<FunnelStageRow | undefined> {
  const [row] = await tx<
    FunnelStageRow[]
  >`delete from funnel_stages where tenant_id = ${tenantId} and id = ${id} returning *`;
  return row;
}
