// Owns canned responses: shared ones (operator_id null) that the whole tenant
// sees, and personal ones that only their owner sees. Shortcuts are unique per
// owner, with "shared" counting as one owner.
import type { Queryable, Tx } from '../create-db.ts';

export type CannedResponseRow = {
  tenantId: string;
  id: string;
  /** null: shared. */
  operatorId: string | null;
  title: string;
  shortcut: string;
  content: string;
  category: string | null;
  usageCount: number;
  lastUsedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
};

export type CannedResponseFields = { title: string; shortcut: string; content: string; category: string | null };

/** `text` as an ILIKE pattern that matches it literally anywhere. */
function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The shared ones and the viewer's own, filtered by a search over title, shortcut and content. */
export async function listCannedResponses(
  tx: Queryable,
  tenantId: string,
  viewerId: string,
  q?: string,
): Promise<CannedResponseRow[]> {
  const pattern = q ? containsPattern(q) : null;
  return tx<CannedResponseRow[]>`
    select * from canned_responses
     where tenant_id = ${tenantId} and (operator_id is null or operator_id = ${viewerId})
       ${
         pattern
           ? tx`and (title ilike ${pattern} escape '\\' or shortcut ilike ${pattern} escape '\\'
                     or content ilike ${pattern} escape '\\')`
           : tx``
       }
     order by shortcut, operator_id nulls last, id`;
}

/** One the viewer may see: shared, or their own. */
export async function getVisibleCannedResponse(tx: Queryable, tenantId: string, viewerId: string, id: string) {
  const [row] = await tx<CannedResponseRow[]>`
    select * from canned_responses
     where tenant_id = ${tenantId} and id = ${id} and (operator_id is null or operator_id = ${viewerId})`;
  return row;
}

export async function createCannedResponse(
  tx: Tx,
  tenantId: string,
  operatorId: string | null,
  input: CannedResponseFields,
): Promise<CannedResponseRow> {
  const [row] = await tx<CannedResponseRow[]>`
    insert into canned_responses (tenant_id, operator_id, title, shortcut, content, category)
    values (${tenantId}, ${operatorId}, ${input.title}, ${input.shortcut}, ${input.content}, ${input.category})
    returning *`;
  return row as CannedResponseRow;
}

export async function updateCannedResponse(tx: Tx, tenantId: string, id: string, input: CannedResponseFields) {
  const [row] = await tx<CannedResponseRow[]>`
    update canned_responses set title = ${input.title}, shortcut = ${input.shortcut}, content = ${input.content},
                                category = ${input.category}
     where tenant_id = ${tenantId} and id = ${id}
    returning *`;
  return row;
}

/** The deleted row, or undefined when there was none. */
export async function deleteCannedResponse(
  tx: Tx,
  tenantId: string,
  id: string,
): Promise<CannedResponseRow | undefined> {
  const [row] = await tx<
    CannedResponseRow[]
  >`delete from canned_responses where tenant_id = ${tenantId} and id = ${id} returning *`;
  return row;
}

/** The composer inserted it: count it, so the most used can come first. */
export async function recordCannedResponseUse(tx: Tx, tenantId: string, id: string) {
  const [row] = await tx<CannedResponseRow[]>`
    update canned_responses set usage_count = usage_count + 1, last_used_at = now()
     where tenant_id = ${tenantId} and id = ${id}
    returning *`;
  return row;
}
