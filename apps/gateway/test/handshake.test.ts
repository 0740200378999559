// Who may connect: a valid access token of a live session, for an active
// operator of an active tenant, plus a device id. Every refusal is a
// connect_error whose data.code says why.

import { useTestDb } from '@relay/db/testing';
import { room } from '@relay/realtime';
import { signAccessToken } from '@relay/security';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDemoWorld, type DemoWorld } from './support/demo-world.ts';
import { config, useGatewayServer } from './support/gateway-harness.ts';

const sql = useTestDb();
const node = useGatewayServer(sql);
let world: DemoWorld;

beforeAll(async () => {
  world = await createDemoWorld(sql);
});

describe('handshake', () => {
  it('refuses a missing auth, token or device id as unauthorized', async () => {
    const { token } = await world.login('alice');
    expect(await node.refusal(undefined)).toBe('unauthorized');
    expect(await node.refusal({ deviceId: 'd1' })).toBe('unauthorized');
    expect(await node.refusal({ token })).toBe('unauthorized');
    expect(await node.refusal({ token: 42, deviceId: 'd1' })).toBe('unauthorized');
  });

  it('refuses a forged, foreign-secret or expired token as unauthorized', async () => {
    const { token, sessionId, operatorId } = await world.login('alice');
    const claims = { sub: operatorId, tid: world.tenantId, sid: sessionId, role: 'operator' as const };
    expect(await node.refusal({ token: `${token}x`, deviceId: 'd1' })).toBe('unauthorized');
    expect(await node.refusal({ token: 'not-a-jwt', deviceId: 'd1' })).toBe('unauthorized');
    const foreign = signAccessToken('another-secret-that-is-at-least-32-chars!', claims, 900);
    expect(await node.refusal({ token: foreign, deviceId: 'd1' })).toBe('unauthorized');
    const expired = signAccessToken(config.auth.jwtSecret, claims, -10);
    expect(await node.refusal({ token: expired, deviceId: 'd1' })).toBe('unauthorized');
  });

  it('refuses a revoked session and a deactivated operator as unauthorized', async () => {
    const revoked = await world.login('bob');
    await sql`update sessions set revoked_at = now() where id = ${revoked.sessionId}`;
    expect(await node.refusal(revoked)).toBe('unauthorized');

    const other = await createDemoWorld(sql);
    const carol = await other.login('carol');
    await sql`update operators set is_active = false where id = ${carol.operatorId}`;
    expect(await node.refusal(carol)).toBe('unauthorized');
  });

  it('refuses the operators of a suspended tenant as tenant_suspended', async () => {
    const suspended = await createDemoWorld(sql);
    const owner = await suspended.login('owner');
    await sql`update tenants set suspended = true where id = ${suspended.tenantId}`;
    expect(await node.refusal(owner)).toBe('tenant_suspended');
  });

  it('connects with a good token and joins the rooms its server-side facts give', async () => {
    const alice = await node.connect(await world.login('alice'));
    const carol = await node.connect(await world.login('carol'));
    const supervisor = await node.connect(await world.login('supervisor'));
    expect(alice.connected).toBe(true);

    const roomsOf = (id: string | undefined) => node.gateway.io.of('/').sockets.get(id as string)?.rooms;
    const t = world.tenantId;
    const { support, sales } = world.queues;
    expect(roomsOf(alice.id)).toEqual(
      new Set([alice.id, room.staff(t), room.operator(t, world.operators.alice.id), room.queue(t, support)]),
    );
    expect(roomsOf(carol.id)).toEqual(
      new Set([
        carol.id,
        room.staff(t),
        room.operator(t, world.operators.carol.id),
        room.queue(t, support),
        room.queue(t, sales),
      ]),
    );
    expect(roomsOf(supervisor.id)).toEqual(
      new Set([supervisor.id, room.staff(t), room.operator(t, world.operators.supervisor.id), room.supervisors(t)]),
    );
  });

  it('takes nothing about the socket from the client beyond the token and device id', async () => {
    const login = await world.login('alice');
    const alice = await node.connect({ ...login, tenantId: crypto.randomUUID(), role: 'owner' } as never);
    const data = node.gateway.io.of('/').sockets.get(alice.id as string)?.data;
    expect(data).toMatchObject({
      tenantId: world.tenantId,
      operatorId: world.operators.alice.id,
      role: 'operator',
      seesAll: false,
      deviceId: login.deviceId,
      sessionId: login.sessionId,
    });
  });
});
