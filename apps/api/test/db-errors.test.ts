// The one mapping from database refusals to client errors, fed real PostgreSQL
// errors (as the test database's owner, which sees key values) and the form
// row-level security gives (no key columns in the detail).
import { seedDemoTenant } from '@relay/db';
import { uniqueSlug, useTestDb } from '@relay/db/testing';
import { describe, expect, it } from 'vitest';
import type { AppError } from '../src/errors/app-error.ts';
import { databaseRefusal } from '../src/http/db-errors.ts';
import { config } from './support/api-harness.ts';

const sql = useTestDb();

async function refusal(work: Promise<unknown>): Promise<AppError | undefined> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeDefined();
  return databaseRefusal(error);
}

describe('databaseRefusal', () => {
  it('maps a reference to a missing row to 422 naming the field, and a row still referenced to 409', async () => {
    const slug = uniqueSlug('fk');
    const tenantId = await seedDemoTenant(sql, { slug, name: slug, encryptionKey: config.encryptionKey });
    const missing = await refusal(
      sql`update conversations set stage_id = gen_random_uuid() where tenant_id = ${tenantId}`,
    );
    expect(missing).toMatchObject({
      code: 'unprocessable',
      details: [{ path: ['stageId'], message: 'no such funnel stage', code: 'not_found' }],
    });
    const stillUsed = await refusal(
      sql`delete from clients where tenant_id = ${tenantId} and id in (select client_id from conversations)`,
    );
    expect(stillUsed).toMatchObject({ code: 'conflict', message: expect.stringMatching(/conversation/) });
    const duplicate = await refusal(sql`insert into tenants (slug, name) values (${slug}, 'again')`);
    expect(duplicate?.code).toBe('conflict');
  });

  it('reads the field from the constraint name when row-level security hides the key columns', () => {
    const hidden = {
      code: '23503',
      detail: 'Key is not present in table "messages".',
      table_name: 'messages',
      constraint_name: 'messages_tenant_id_reply_to_id_fkey',
    };
    expect(databaseRefusal(hidden)?.details).toEqual([
      { path: ['replyToId'], message: 'no such message', code: 'not_found' },
    ]);
    // A name not of the default form (truncated, or named by hand): still a 422, without a field.
    const named = { ...hidden, constraint_name: 'reply_must_exist' };
    expect(databaseRefusal(named)).toMatchObject({ code: 'unprocessable', details: undefined });
  });

  it('leaves everything else alone', () => {
    expect(databaseRefusal(new Error('boom'))).toBeUndefined();
    expect(databaseRefusal({ code: '57014' })).toBeUndefined();
    expect(databaseRefusal(undefined)).toBeUndefined();
  });
});
