// TenantSteps: one transaction over several tenants (group-commit ingest).
// What it promises: `within` runs under the tenant's row-level security,
// `system` as the schema owner with no tenant set, each switching only when
// needed, and appendTenantEvents gives every tenant its own gapless seqs in
// one statement.
import { describe, expect, it } from 'vitest';
import { appendTenantEvents, createTenant, pipelinedTransaction, type Tx, tenantSteps } from '../src/index.ts';
import { uniqueSlug, useTestDb } from '../src/testing/index.ts';

const sql = useTestDb();

async function tenants(n: number) {
  const rows = await Promise.all(
    Array.from({ length: n }, (_, i) => createTenant(sql, { name: `Steps ${i}`, slug: uniqueSlug('steps') })),
  );
  return rows.map((row) => row.id).sort();
}

type Where = { user: string; tenant: string; visible: number };

describe('TenantSteps', () => {
  it('switches between the schema owner and each tenant, and row-level security holds inside a tenant', async () => {
    const ids = await tenants(2);
    const [a, b] = ids as [string, string];
    const where = (tx: Tx) => async (): Promise<Where> => {
      const [row] = await tx<Where[]>`
        select current_user as user, current_setting('app.tenant_id', true) as tenant,
               (select count(*)::int from tenants where id = any(${ids})) as visible`;
      return row as Where;
    };
    const seen = await pipelinedTransaction(sql, async (pipeline) => {
      const { tx } = pipeline;
      const steps = tenantSteps(pipeline);
      const here = where(tx);
      return [
        await steps.system(here),
        await steps.within(a, here),
        await steps.within(a, here),
        await steps.within(b, here),
        await steps.system(here),
        await steps.within(a, here),
      ];
    });
    const [start, inA, stillA, inB, back, againA] = seen as Where[];
    for (const system of [start, back]) {
      expect(system?.tenant ?? '').toBe('');
      expect(system?.visible).toBe(2);
      expect(system?.user).not.toBe('relay_app');
    }
    expect([inA?.tenant, stillA?.tenant, inB?.tenant, againA?.tenant]).toEqual([a, a, b, a]);
    for (const tenant of [inA, stillA, inB, againA]) {
      expect(tenant?.user).toBe('relay_app');
      expect(tenant?.visible).toBe(1);
    }
  });

  it('a failure anywhere rolls every tenant back', async () => {
    const ids = await tenants(2);
    await expect(
      pipelinedTransaction(sql, async (pipeline) => {
        const { tx } = pipeline;
        const steps = tenantSteps(pipeline);
        await steps.system(() => tx`update tenants set name = 'renamed' where id = any(${ids})`.execute());
        await steps.within(ids[1] as string, () => tx`select 1 / 0`.execute());
      }),
    ).rejects.toThrow(/division by zero/);
    const names = await sql<{ name: string }[]>`select name from tenants where id = any(${ids})`;
    expect(names.map((row) => row.name)).not.toContain('renamed');
  });
});

describe('appendTenantEvents', () => {
  it('gives each tenant the next seqs of its own counter, in the order given, in one statement', async () => {
    const [a, b, c] = (await tenants(3)) as [string, string, string];
    const event = (n: number) => ({ type: 'test.event', payload: { n } });
    const first = await sql.begin((tx) =>
      appendTenantEvents(tx, [
        { tenantId: a, events: [event(1), event(2)] },
        { tenantId: b, events: [event(3)] },
      ]),
    );
    expect(first.map((row) => [row.tenantId, row.seq, row.payload.n])).toEqual([
      [a, 1, 1],
      [a, 2, 2],
      [b, 1, 3],
    ]);
    const second = await sql.begin((tx) =>
      appendTenantEvents(tx, [
        { tenantId: a, events: [event(4)] },
        { tenantId: b, events: [] },
        { tenantId: c, events: [event(5), event(6), event(7)] },
      ]),
    );
    expect(second.map((row) => [row.tenantId, row.seq, row.payload.n])).toEqual([
      [a, 3, 4],
      [c, 1, 5],
      [c, 2, 6],
      [c, 3, 7],
    ]);
    const stored = await sql<{ tenantId: string; seq: number; n: number }[]>`
      select tenant_id, seq::int, (payload->>'n')::int as n from events where tenant_id = any(${[a, b, c]})
       order by tenant_id, seq`;
    expect(stored.filter((row) => row.tenantId === c).map((row) => row.n)).toEqual([5, 6, 7]);
    const counters = await sql<{ id: string; eventSeq: string }[]>`
      select id, event_seq from tenants where id = any(${[a, b, c]})`;
    expect(Object.fromEntries(counters.map((row) => [row.id, Number(row.eventSeq)]))).toEqual({
      [a]: 3,
      [b]: 1,
      [c]: 3,
    });
  });

  it('refuses inside a tenant to append another tenant’s events, and writes nothing', async () => {
    const [a, b] = (await tenants(2)) as [string, string];
    const steps = (fn: (s: ReturnType<typeof tenantSteps>) => Promise<unknown>) =>
      pipelinedTransaction(sql, (pipeline) => fn(tenantSteps(pipeline)));
    const attempt = steps((s) =>
      s.within(a, () =>
        appendTenantEvents(s.tx, [
          { tenantId: a, events: [{ type: 'test.event', payload: {} }] },
          { tenantId: b, events: [{ type: 'test.event', payload: {} }] },
        ]),
      ),
    );
    await expect(attempt).rejects.toThrow(/not visible/);
    const [row] = await sql<{ n: number }[]>`select count(*)::int as n from events where tenant_id = any(${[a, b]})`;
    expect(row?.n).toBe(0);
  });
});
