// Owns the tenant's tag vocabulary (names unique case-insensitively). Which
// conversations carry a tag is conversation-tags.ts.
import type { Queryable, Tx } from '../create-db.ts';

export type TagRow = { tenantId: string; id: string; name: string; color: string; createdAt: Date; updatedAt: Date };

export async function listTags(tx: Queryable, tenantId: string): Promise<TagRow[]> {
  return tx<TagRow[]>`select * from tags where tenant_id = ${tenantId} order by lower(name), id`;
}

export async function getTag(tx: Queryable, tenantId: string, id: string): Promise<TagRow | undefined> {
  const [row] = await tx<TagRow[]>`select * from tags where tenant_id = ${tenantId} and id = ${id}`;
  return row;
}

/** Those of these ids that are tags of the tenant, by name. */
export async function listTagsByIds(
  tx: Queryable,
  tenantId: string,
  ids: string[],
): Promise<Pick<TagRow, 'id' | 'name' | 'color'>[]> {
  return tx<Pick<TagRow, 'id' | 'name' | 'color'>[]>`
    select id, name, color from tags where tenant_id = ${tenantId} and id = any(${ids}) order by name`;
}

export async function createTag(tx: Tx, tenantId: string, input: { name: string; color: string }): Promise<TagRow> {
  const [row] = await tx<TagRow[]>`
    insert into tags (tenant_id, name, color) values (${tenantId}, ${input.name}, ${input.color}) returning *`;
  return row as TagRow;
}

export async function updateTag(tx: Tx, tenantId: string, id: string, input: { name?: string; color?: string }) {
  const [row] = await tx<TagRow[]>`
    update tags set name = coalesce(${input.name ?? null}, name), color = coalesce(${input.color ?? null}, color)
     where tenant_id = ${tenantId} and id = ${id}
    returning *`;
  return row;
}

/** Also takes the tag off every conversation (the link rows cascade).
 * Returns the deleted row, or undefined when there was none. */
export async function deleteTag(tx: Tx, tenantId: string, id: string): Promise<TagRow | undefined> {
  const [row] = await tx<TagRow[]>`delete from tags where tenant_id = ${tenantId} and id = ${id} returning *`;
  return row;
}
