import { randomUUID } from 'node:crypto';
import type { JobKind } from '@relay/contracts';
import { describe, expect, it } from 'vitest';
import { enqueueJob, nextJobDueInMs, withTenant } from '../src/index.ts';
import { fillEveryTenantTable, useTestDb } from '../src/testing/index.ts';

const sql = useTestDb();

describe('nextJobDueInMs', () => {
  it('is null with no job of the kinds, so a loop asking sleeps its full interval', async () => {
    expect(await nextJobDueInMs(sql, [`nothing_${randomUUID()}`])).toBeNull();
  });

  it('counts down to the earliest pending job, and is 0 once one is due', async () => {
    const fx = await fillEveryTenantTable(sql);
    // A kind of its own that no worker claims (files share this database); enqueueJob takes known kinds only.
    const kind = `test_${randomUUID()}` as JobKind;
    await withTenant(sql, fx.tenantId, (tx) =>
      enqueueJob(tx, fx.tenantId, { kind, payload: { seq: 1 }, delayMs: 60_000 }),
    );
    const later = await nextJobDueInMs(sql, [kind]);
    expect(later).toBeGreaterThan(50_000);
    expect(later).toBeLessThanOrEqual(60_000);

    await withTenant(sql, fx.tenantId, (tx) =>
      enqueueJob(tx, fx.tenantId, { kind, payload: { seq: 2 }, delayMs: -5_000 }),
    );
    expect(await nextJobDueInMs(sql, [kind])).toBe(0);
  });
});
