// roomsFor must send an event live to exactly the sockets that a later sync
// (readVisibleEvents) would show it to. Checked case by case, then
// exhaustively: every combination of audience fields is appended to a real
// tenant and, for each demo person, the SQL answer is compared with the
// rooms that person's socket joins.
import { randomBytes } from 'node:crypto';
import {
  appendEvent,
  type EventAudience,
  listOperatorQueueIds,
  readVisibleEvents,
  type Sql,
  seedDemoTenant,
  withTenant,
} from '@relay/db';
import { uniqueSlug, useTestDb } from '@relay/db/testing';
import { describe, expect, it } from 'vitest';
import { room, roomsFor, roomsOfMember } from '../src/rooms.ts';

const T = '00000000-0000-4000-8000-000000000001';
const Q = '00000000-0000-4000-8000-0000000000aa';
const A = '00000000-0000-4000-8000-0000000000a1';
const B = '00000000-0000-4000-8000-0000000000b1';

describe('roomsFor', () => {
  const cases: [string, EventAudience, string[]][] = [
    ['no audience: tenant-wide', {}, [room.supervisors(T), room.staff(T)]],
    ['queueId null: in no queue, everyone', { queueId: null }, [room.supervisors(T), room.staff(T)]],
    ['a queue', { queueId: Q }, [room.supervisors(T), room.queue(T, Q)]],
    ['named operators only', { operatorIds: [A, B] }, [room.supervisors(T), room.operator(T, A), room.operator(T, B)]],
    ['an empty operator list is tenant-wide', { operatorIds: [] }, [room.supervisors(T), room.staff(T)]],
    [
      'a queue and the assignee',
      { queueId: Q, operatorIds: [A] },
      [room.supervisors(T), room.operator(T, A), room.queue(T, Q)],
    ],
    [
      'no queue and a mention',
      { queueId: null, operatorIds: [A] },
      [room.supervisors(T), room.operator(T, A), room.staff(T)],
    ],
    [
      'supervisors only, whatever else it says',
      { supervisorsOnly: true, queueId: null, operatorIds: [A] },
      [room.supervisors(T)],
    ],
    [
      'supervisorsOnly false is no restriction',
      { supervisorsOnly: false, queueId: Q },
      [room.supervisors(T), room.queue(T, Q)],
    ],
    ['a repeated operator is one room', { operatorIds: [A, A] }, [room.supervisors(T), room.operator(T, A)]],
  ];
  // One `to([...])` takes the union of the rooms: their order means nothing, a repeat would.
  it.each(cases)('%s', (_name, audience, rooms) => {
    expect(roomsFor({ tenantId: T, audience }).sort()).toEqual([...rooms].sort());
  });

  it('names every room after its tenant', () => {
    const rooms = roomsFor({ tenantId: T, audience: { queueId: Q, operatorIds: [A] } });
    expect(rooms.every((name) => name.startsWith(`tenant:${T}:`))).toBe(true);
    expect(room.conversation(T, Q)).toBe(`tenant:${T}:conversation:${Q}`);
  });
});

describe('roomsFor against readVisibleEvents', () => {
  const sql = useTestDb();

  it('agrees with the SQL rule for every audience and every kind of person', async () => {
    const { tenantId, people, queues } = await demo(sql);
    const stranger = crypto.randomUUID();
    const queueChoices: (string | null | undefined)[] = [
      undefined,
      null,
      queues.Support,
      queues.Sales,
      crypto.randomUUID(),
    ];
    const operatorChoices: (string[] | undefined)[] = [
      undefined,
      [],
      [people.alice.id],
      [people.bob.id, people.carol.id],
      [stranger],
      [people.supervisor.id],
    ];
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

    const appended = await withTenant(sql, tenantId, async (tx) => {
      const rows = [];
      for (const audience of audiences)
        rows.push(await appendEvent(tx, tenantId, { type: 'test.rooms', audience, payload: {} }));
      return rows;
    });
    const after = (appended[0]?.seq as number) - 1;

    const seen = new Map<string, number[]>();
    for (const [name, person] of Object.entries(people)) {
      const viewer = { operatorId: person.id, seesAll: person.seesAll };
      const visible = await withTenant(sql, tenantId, (tx) => readVisibleEvents(tx, tenantId, viewer, after, 1000));
      const queueIds = await withTenant(sql, tenantId, (tx) => listOperatorQueueIds(tx, tenantId, person.id));
      const joined = new Set(roomsOfMember({ tenantId, operatorId: person.id, seesAll: person.seesAll, queueIds }));
      const live = appended.filter((event) => roomsFor(event).some((name) => joined.has(name)));
      expect(
        live.map((event) => event.seq),
        name,
      ).toEqual(visible.map((event) => event.seq));
      seen.set(
        name,
        visible.map((event) => event.seq),
      );
    }
    // The comparison means something: the people see different, non-empty subsets.
    expect(audiences).toHaveLength(90);
    expect(seen.get('supervisor')).toHaveLength(90);
    expect(new Set(['alice', 'bob', 'carol', 'loner'].map((name) => seen.get(name)?.join())).size).toBe(4);
    expect(Math.min(...[...seen.values()].map((seqs) => seqs.length))).toBeGreaterThan(0);
  });
});

type Person = { id: string; seesAll: boolean };

async function demo(sql: Sql) {
  const tenantId = await seedDemoTenant(sql, {
    slug: uniqueSlug('rooms'),
    name: 'Rooms',
    encryptionKey: randomBytes(32),
  });
  return withTenant(sql, tenantId, async (tx) => {
    const ops = await tx<{ id: string; email: string; role: string }[]>`
      select id, email, role from operators where tenant_id = ${tenantId}`;
    const loner = await tx<{ id: string }[]>`
      insert into operators (tenant_id, email, name, role) values (${tenantId}, 'loner@demo.test', 'Loner', 'operator')
      returning id`;
    const people: Record<string, Person> = Object.fromEntries(
      ops.map((op) => [op.email.split('@')[0], { id: op.id, seesAll: op.role !== 'operator' }]),
    );
    people.loner = { id: loner[0]?.id as string, seesAll: false };
    const rows = await tx<{ id: string; name: string }[]>`select id, name from queues where tenant_id = ${tenantId}`;
    const queues = Object.fromEntries(rows.map((q) => [q.name, q.id])) as Record<'Support' | 'Sales', string>;
    return {
      tenantId,
      people: people as Record<'owner' | 'supervisor' | 'alice' | 'bob' | 'carol' | 'loner', Person>,
      queues,
    };
  });
}
