// The backstop for a lost `access:changed` message (Redis was away when the
// API sent it): every node's periodic session check also re-reads the role
// and queues behind its sockets and moves them, so a change made with no
// message at all still stops supervisor-only and old-queue events.
import { withTenant } from '@relay/db';
import { useTestDb } from '@relay/db/testing';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorld, type DemoWorld } from './support/demo-world.ts';
import { collect, eventually, useGatewayServer } from './support/gateway-harness.ts';

const sql = useTestDb();

describe('the session check as the backstop for access changes', () => {
  const node = useGatewayServer(sql, { sessionCheckIntervalMs: 50 });
  let world: DemoWorld;
  beforeAll(async () => {
    world = await createDemoWorld(sql);
  });
  const socketData = (id: string | undefined) => node.gateway.io.of('/').sockets.get(id as string)?.data;

  it('moves a demoted supervisor out of the supervisors room with no message sent', async () => {
    const client = await node.connect(await world.login('supervisor'));
    const seen = collect(client, 'event');
    await withTenant(
      sql,
      world.tenantId,
      (tx) =>
        tx`update operators set role = 'operator' where tenant_id = ${world.tenantId} and id = ${world.operators.supervisor.id}`,
    );
    await eventually(() => expect(socketData(client.id)).toMatchObject({ role: 'operator', seesAll: false }));

    const [hidden, staff] = await world.append(node.gateway.publisher, [
      { audience: { supervisorsOnly: true } },
      { audience: { queueId: null } },
    ]);
    await eventually(() => expect(seen.map((event) => event.seq)).toContain(staff?.seq));
    expect(seen.map((event) => event.seq)).toEqual([staff?.seq]);
    expect(hidden?.seq).toBeLessThan(staff?.seq as number);
  });

  it('moves an operator out of a queue they left with no message sent', async () => {
    const client = await node.connect(await world.login('carol'));
    const seen = collect(client, 'event');
    await withTenant(
      sql,
      world.tenantId,
      (tx) =>
        tx`delete from queue_members where tenant_id = ${world.tenantId} and queue_id = ${world.queues.sales}
           and operator_id = ${world.operators.carol.id}`,
    );
    await eventually(() => expect(socketData(client.id)?.queueIds).not.toContain(world.queues.sales));

    const [, mine] = await world.append(node.gateway.publisher, [
      { audience: { queueId: world.queues.sales } },
      { audience: { operatorIds: [world.operators.carol.id] } },
    ]);
    await eventually(() => expect(seen.map((event) => event.seq)).toContain(mine?.seq));
    expect(seen.map((event) => event.seq)).toEqual([mine?.seq]);
  });
});
