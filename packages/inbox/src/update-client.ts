// Editing a client's fields by hand. A client merged into another is read-only
// (edit the master), and a phone belongs to one unmerged client: taking one
// that another client has is a conflict, answered with a merge hint. No event:
// client fields reach operators when they read the client.
import type { PatchClientBody } from '@relay/contracts';
import {
  type ClientRow,
  getClient,
  recordAudit,
  type Tx,
  uniqueViolationOf,
  updateClient as writeClientFields,
} from '@relay/db';
import type { Actor } from './actor.ts';
import { InboxError, notFound } from './inbox-error.ts';

export type UpdateClientInput = {
  tenantId: string;
  clientId: string;
  changes: PatchClientBody;
  actor: Actor;
};

/** The client after the change. */
export async function updateClient(tx: Tx, input: UpdateClientInput): Promise<ClientRow> {
  const { tenantId, clientId, changes, actor } = input;
  const current = await getClient(tx, tenantId, clientId);
  if (!current) throw notFound('client');
  if (current.mergedIntoId) {
    throw new InboxError('unprocessable', 'this client was merged into another; edit that one', {
      mergedIntoId: current.mergedIntoId,
    });
  }
  let updated: ClientRow | undefined;
  try {
    updated = await writeClientFields(tx, tenantId, clientId, changes);
  } catch (error) {
    // The statement aborted the transaction; the refusal ends it like any other.
    // Only clients_phone can break on an update of these fields.
    if (uniqueViolationOf(error) !== undefined) {
      throw new InboxError('conflict', 'another client has this phone number; merge them instead', [
        { path: ['phone'], message: 'already used by another client', code: 'custom' },
      ]);
    }
    throw error;
  }
  if (!updated) throw notFound('client');
  await recordAudit(tx, tenantId, {
    operatorId: actor.operatorId,
    ip: actor.ip,
    action: 'client.update',
    targetType: 'client',
    targetId: clientId,
    details: changes,
  });
  return updated;
}
