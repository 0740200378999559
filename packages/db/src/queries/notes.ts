// Owns internal notes: what operators write beside a conversation's thread,
// never sent to the client. Pinned ones come first when listed.
import type { Queryable, Tx } from '../create-db.ts';

export type NoteRow = {
  tenantId: string;
  id: string;
  conversationId: string;
  operatorId: string | null;
  content: string;
  isPinned: boolean;
  mentions: string[];
  createdAt: Date;
  updatedAt: Date;
};

export type NewNote = {
  conversationId: string;
  operatorId: string;
  content: string;
  isPinned: boolean;
  mentions: string[];
};

export async function insertNote(tx: Tx, tenantId: string, input: NewNote): Promise<NoteRow> {
  const [row] = await tx<NoteRow[]>`
    insert into notes (tenant_id, conversation_id, operator_id, content, is_pinned, mentions)
    values (${tenantId}, ${input.conversationId}, ${input.operatorId}, ${input.content}, ${input.isPinned},
            ${input.mentions})
    returning *`;
  return row as NoteRow;
}

/** Pinned first, then oldest first. */
export async function listNotes(tx: Queryable, tenantId: string, conversationId: string): Promise<NoteRow[]> {
  return tx<NoteRow[]>`
    select * from notes where tenant_id = ${tenantId} and conversation_id = ${conversationId}
     order by is_pinned desc, created_at, id`;
}
