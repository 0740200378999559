// Live delivery through the gateway's publisher: each event reaches exactly
// the sockets that a later sync would show it to, once, in seq order, and
// never a socket of another tenant.
import type { EventEnvelope } from '@relay/contracts';
import { useTestDb } from '@relay/db/testing';
import { describe, expect, it } from 'vitest';
import { createDemoWorld, type DemoWorld, type Person } from './support/demo-world.ts';
import { type ClientSocket, collect, settle, useGatewayServer } from './support/gateway-harness.ts';

const sql = useTestDb();
const node = useGatewayServer(sql);

type Connected = { socket: ClientSocket; events: EventEnvelope[] };

async function connectEveryone(world: DemoWorld): Promise<Record<Person, Connected>> {
  const people: Person[] = ['owner', 'supervisor', 'alice', 'bob', 'carol'];
  const entries = [];
  for (const who of people) {
    const socket = await node.connect(await world.login(who));
    entries.push([who, { socket, events: collect(socket, 'event') }] as const);
  }
  return Object.fromEntries(entries) as Record<Person, Connected>;
}

async function settleAll(people: Record<string, Connected>) {
  await Promise.all(Object.values(people).map(({ socket }) => settle(socket)));
}

function seqsOf(person: Connected) {
  return person.events.map((event) => event.seq);
}

describe('delivery to rooms', () => {
  it('sends a Sales event to carol (a Sales member) and the supervisors, not to alice or bob', async () => {
    const world = await createDemoWorld(sql);
    const people = await connectEveryone(world);
    const [event] = await world.append(node.gateway.publisher, [
      { audience: { queueId: world.queues.sales, operatorIds: [] }, conversationId: world.conversations.sales },
    ]);
    await settleAll(people);
    const seq = event?.seq as number;
    expect(seqsOf(people.carol)).toEqual([seq]);
    expect(seqsOf(people.supervisor)).toEqual([seq]);
    expect(seqsOf(people.owner)).toEqual([seq]);
    expect(seqsOf(people.alice)).toEqual([]);
    expect(seqsOf(people.bob)).toEqual([]);
    expect(people.carol.events[0]).toEqual({
      seq,
      type: 'conversation.updated',
      tenantId: world.tenantId,
      at: event?.createdAt.toISOString(),
      data: { note: 'gateway test' },
    });
  });

  it('sends an event naming alice to alice (and supervisors) even outside her queues', async () => {
    const world = await createDemoWorld(sql);
    const people = await connectEveryone(world);
    const [event] = await world.append(node.gateway.publisher, [
      { audience: { queueId: world.queues.sales, operatorIds: [world.operators.alice.id] } },
    ]);
    await settleAll(people);
    expect(seqsOf(people.alice)).toEqual([event?.seq]);
    expect(seqsOf(people.carol)).toEqual([event?.seq]);
    expect(seqsOf(people.supervisor)).toEqual([event?.seq]);
    expect(seqsOf(people.bob)).toEqual([]);
  });

  it('sends tenant-wide, queue-less and supervisors-only events to the right people', async () => {
    const world = await createDemoWorld(sql);
    const people = await connectEveryone(world);
    const [wide, noQueue, onlyNamed, supervisorsOnly] = await world.append(node.gateway.publisher, [
      { audience: {} },
      { audience: { queueId: null } },
      { audience: { operatorIds: [world.operators.bob.id] } },
      { audience: { supervisorsOnly: true, operatorIds: [world.operators.alice.id] } },
    ]);
    await settleAll(people);
    const everyone = [wide?.seq, noQueue?.seq];
    expect(seqsOf(people.alice)).toEqual(everyone);
    expect(seqsOf(people.carol)).toEqual(everyone);
    expect(seqsOf(people.bob)).toEqual([...everyone, onlyNamed?.seq]);
    expect(seqsOf(people.supervisor)).toEqual([...everyone, onlyNamed?.seq, supervisorsOnly?.seq]);
    expect(seqsOf(people.owner)).toEqual(seqsOf(people.supervisor));
  });

  it('delivers once to a socket that is in several of the rooms, in seq order', async () => {
    const world = await createDemoWorld(sql);
    const people = await connectEveryone(world);
    const { carol, supervisor } = world.operators;
    const events = await world.append(node.gateway.publisher, [
      // carol: her operator room and the Sales room; the supervisor: supervisors, staff and operator rooms.
      { audience: { queueId: world.queues.sales, operatorIds: [carol.id, carol.id] } },
      { audience: { queueId: null, operatorIds: [supervisor.id, carol.id] } },
      { audience: { queueId: world.queues.support, operatorIds: [carol.id] } },
    ]);
    await settleAll(people);
    const seqs = events.map((event) => event.seq);
    expect(seqsOf(people.carol)).toEqual(seqs);
    expect(seqsOf(people.supervisor)).toEqual(seqs);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
  });

  it("never delivers one tenant's events to another tenant's sockets", async () => {
    const worlds = [await createDemoWorld(sql), await createDemoWorld(sql), await createDemoWorld(sql)];
    const [a, b, c] = worlds as [DemoWorld, DemoWorld, DemoWorld];
    const peopleA = await connectEveryone(a);
    const peopleC = await connectEveryone(c);
    // B's events of every audience kind, including ones that name A's people and queues by id.
    const fromB = await b.append(node.gateway.publisher, [
      { audience: {} },
      { audience: { queueId: null } },
      { audience: { queueId: b.queues.sales } },
      { audience: { queueId: a.queues.sales, operatorIds: [a.operators.alice.id, a.operators.supervisor.id] } },
      { audience: { operatorIds: [a.operators.bob.id] } },
      { audience: { supervisorsOnly: true } },
    ]);
    const fromA = await a.append(node.gateway.publisher, [{ audience: {} }]);
    await settleAll(peopleA);
    await settleAll(peopleC);
    expect(fromB).toHaveLength(6);
    for (const person of Object.values(peopleA)) {
      expect(person.events.map((event) => event.tenantId)).toEqual([a.tenantId]);
      expect(seqsOf(person)).toEqual([fromA[0]?.seq]);
    }
    for (const person of Object.values(peopleC)) expect(person.events).toEqual([]);
  });
});
