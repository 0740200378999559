// readVisibleEvents tests visibility on the typed columns 0009_event_visibility.sql
// generates from `audience`. These tests hold it to the rule stated on
// EventAudience, case by case, and to the jsonb predicate it replaced, for
// every combination of audience fields and every kind of viewer.
import { describe, expect, it } from 'vitest';
import {
  appendEvent,
  createOperator,
  createTenant,
  type EventAudience,
  type EventRow,
  readVisibleEvents,
  type Tx,
  withTenant,
} from '../src/index.ts';
import { uniqueSlug, useTestDb } from '../src/testing/index.ts';

const sql = useTestDb();

/** The predicate readVisibleEvents used before 0009 (on the jsonb), kept here as the oracle. */
async function visibleBefore0009(tx: Tx, tenantId: string, me: string, afterSeq: number): Promise<number[]> {
  const rows = await tx<{ seq: number }[]>`
    select e.seq from events e
     where e.tenant_id = ${tenantId} and e.seq > ${afterSeq}
       and coalesce((e.audience->>'supervisorsOnly')::boolean, false) = false
       and (coalesce(e.audience->'operatorIds', '[]'::jsonb) @> to_jsonb(array[${me}::text])
            or (e.audience ? 'queueId'
                and (e.audience->>'queueId' is null
                     or (e.audience->>'queueId')::uuid in
                        (select queue_id from queue_members where tenant_id = ${tenantId} and operator_id = ${me})))
            or (not e.audience ? 'queueId' and coalesce(jsonb_array_length(e.audience->'operatorIds'), 0) = 0))
     order by e.seq`;
  return rows.map((row) => row.seq);
}

async function setUp() {
  const slug = uniqueSlug('vis');
  const tenant = await createTenant(sql, { name: 'Visibility', slug });
  return withTenant(sql, tenant.id, async (tx) => {
    const person = (name: string) =>
      createOperator(tx, tenant.id, { email: `${name}@${slug}.test`, name, passwordHash: null });
    const [member, outsider, assignee] = [await person('member'), await person('outsider'), await person('assignee')];
    const queue = async (name: string) => {
      const [row] = await tx<{ id: string }[]>`
        insert into queues (tenant_id, name) values (${tenant.id}, ${name}) returning id`;
      return row?.id as string;
    };
    const [support, sales] = [await queue('Support'), await queue('Sales')];
    await tx`
      insert into queue_members (tenant_id, queue_id, operator_id)
      values (${tenant.id}, ${support}, ${member.id}), (${tenant.id}, ${sales}, ${outsider.id})`;
    return { tenantId: tenant.id, member: member.id, outsider: outsider.id, assignee: assignee.id, support, sales };
  });
}

describe('readVisibleEvents on the typed visibility columns', () => {
  it('shows an operator what the EventAudience rule says, case by case', async () => {
    const t = await setUp();
    const cases: [string, EventAudience, string[]][] = [
      ['in my queue', { queueId: t.support, operatorIds: [] }, ['member']],
      ['in another queue', { queueId: t.sales }, ['outsider']],
      [
        'assigned to me in a queue I am not in',
        { queueId: t.sales, operatorIds: [t.assignee] },
        ['outsider', 'assignee'],
      ],
      ['mentioned, no queue key', { operatorIds: [t.assignee, t.member] }, ['member', 'assignee']],
      ['in no queue (queueId null)', { queueId: null, operatorIds: [t.assignee] }, ['member', 'outsider', 'assignee']],
      ['tenant-wide (no queueId, no operatorIds)', {}, ['member', 'outsider', 'assignee']],
      ['tenant-wide (no queueId, empty operatorIds)', { operatorIds: [] }, ['member', 'outsider', 'assignee']],
      ['supervisors only, even when named', { queueId: t.support, operatorIds: [t.member], supervisorsOnly: true }, []],
      ['supervisorsOnly false changes nothing', { queueId: t.support, supervisorsOnly: false }, ['member']],
      ['a queue that no longer exists', { queueId: crypto.randomUUID() }, []],
    ];
    const appended: EventRow[] = await withTenant(sql, t.tenantId, async (tx) => {
      const rows = [];
      for (const [, audience] of cases)
        rows.push(await appendEvent(tx, t.tenantId, { type: 'test.seen', audience, payload: {} }));
      return rows;
    });
    const people = { member: t.member, outsider: t.outsider, assignee: t.assignee };
    for (const [name, id] of Object.entries(people)) {
      const seen = await withTenant(sql, t.tenantId, (tx) =>
        readVisibleEvents(tx, t.tenantId, { operatorId: id, seesAll: false }, 0, 100),
      );
      const expected = cases.flatMap(([, , who], i) => (who.includes(name) ? [appended[i]?.seq] : []));
      expect(
        seen.map((event) => event.seq),
        name,
      ).toEqual(expected);
    }
    const supervisor = await withTenant(sql, t.tenantId, (tx) =>
      readVisibleEvents(tx, t.tenantId, { operatorId: t.outsider, seesAll: true }, 0, 100),
    );
    expect(supervisor).toHaveLength(cases.length);
  });

  it('agrees with the jsonb predicate it replaced for every audience and viewer, page by page', async () => {
    const t = await setUp();
    const queueChoices = [undefined, null, t.support, t.sales, crypto.randomUUID()];
    const operatorChoices = [undefined, [], [t.member], [t.assignee, t.outsider], [crypto.randomUUID()]];
    const audiences: EventAudience[] = [];
    for (const queueId of queueChoices)
      for (const operatorIds of operatorChoices)
        for (const supervisorsOnly of [undefined, false, true]) {
          const audience: EventAudience = {};
          if (queueId !== undefined) audience.queueId = queueId;
          if (operatorIds !== undefined) audience.operatorIds = operatorIds;
          if (supervisorsOnly !== undefined) audience.supervisorsOnly = supervisorsOnly;
          audiences.push(audience);
        }
    await withTenant(sql, t.tenantId, async (tx) => {
      for (const audience of audiences) await appendEvent(tx, t.tenantId, { type: 'test.seen', audience, payload: {} });
    });
    const answers: number[][] = [];
    for (const id of [t.member, t.outsider, t.assignee, crypto.randomUUID()]) {
      const viewer = { operatorId: id, seesAll: false };
      const before = await withTenant(sql, t.tenantId, (tx) => visibleBefore0009(tx, t.tenantId, id, 0));
      // Pages of 7 from every cursor a client could hold: each is the next 7 of the old answer.
      for (let after = 0; after <= audiences.length; after += 5) {
        const page = await withTenant(sql, t.tenantId, (tx) => readVisibleEvents(tx, t.tenantId, viewer, after, 7));
        expect(page.map((event) => event.seq)).toEqual(before.filter((seq) => seq > after).slice(0, 7));
      }
      answers.push(before);
    }
    // The comparison means something: the viewers see different, non-empty subsets.
    expect(new Set(answers.map((seqs) => seqs.join())).size).toBe(4);
    expect(Math.min(...answers.map((seqs) => seqs.length))).toBeGreaterThan(0);
  });
});
