// A connected socket keeps its right to be connected only as long as its
// token and session do: an expired access token gets `auth:expired` and a
// grace to send `auth:refresh`; a revoked session, a deactivated operator or a
// suspended tenant closes the socket within the session check interval. One
// node here; the same on several nodes is in resilience.test.ts.
import type { AuthExpiredPayload } from '@relay/contracts';
import { revokeSessionChain, withTenant } from '@relay/db';
import { useTestDb } from '@relay/db/testing';
import { signAccessToken } from '@relay/security';
import { describe, expect, it } from 'vitest';
import { createDemoWorld, type DemoWorld, type Person } from './support/demo-world.ts';
import { type ClientSocket, collect, config, eventually, useGatewayServer } from './support/gateway-harness.ts';
import { openClient, untilConnected } from './support/realtime-clients.ts';

const sql = useTestDb();
// The grace is short here, but long enough for a refresh round trip on a busy embedded database.
const GRACE_MS = 1000;
const node = useGatewayServer(sql, { authGraceMs: GRACE_MS, sessionCheckIntervalMs: 100 });

/** A token of this login's session that runs out in 1–2 s (JWT expiry has one-second resolution). */
function shortToken(world: DemoWorld, who: Person, login: { sessionId: string }) {
  const operator = world.operators[who];
  const claims = { sub: operator.id, tid: world.tenantId, sid: login.sessionId, role: operator.role };
  return signAccessToken(config.auth.jwtSecret, claims, 2);
}

function disconnection(socket: ClientSocket): Promise<string> {
  return new Promise((resolve) => socket.once('disconnect', resolve));
}

describe('access token expiry', () => {
  it('sends auth:expired when the token runs out and closes the socket after the grace unless it refreshes', async () => {
    const world = await createDemoWorld(sql);
    const login = await world.login('alice');
    const short = shortToken(world, 'alice', login);

    const unrefreshed = await node.connect({ token: short, deviceId: 'stale' });
    const staleExpiry = collect(unrefreshed, 'auth:expired');
    const closed = disconnection(unrefreshed);
    const refreshing = await node.connect({ token: short, deviceId: 'fresh' });
    refreshing.on('auth:expired', () => void refreshing.emitWithAck('auth:refresh', { token: login.token }));
    // The library does the same: getToken answers the short token first, then a fresh one.
    let fetches = 0;
    const client = openClient({
      url: node.url,
      getToken: () => (fetches++ === 0 ? short : login.token),
      deviceId: 'library',
    });
    await untilConnected([client]);

    expect(await closed).toBe('io server disconnect');
    expect(staleExpiry).toEqual([{ reason: 'token_expired', graceMs: GRACE_MS } satisfies AuthExpiredPayload]);
    // Expired at the same second as the one just closed, and refreshed: both still here and serving.
    expect(refreshing.connected).toBe(true);
    expect(await refreshing.emitWithAck('sync', { after: 0 })).toMatchObject({ ok: true });
    expect(client.status()).toBe('connected');
    expect(client.socket.connected).toBe(true);
    expect(fetches).toBe(2);
    const onServer = node.gateway.io.of('/').sockets.get(client.socket.id as string);
    expect(onServer?.data.tokenExpiresAt).toBeGreaterThan(Date.now() + 60_000);
  });

  it('answers a refresh with the new expiry, and refuses another operator, a bad token or a bad payload', async () => {
    const world = await createDemoWorld(sql);
    const login = await world.login('bob');
    const socket = await node.connect(login);
    const again = await world.login('bob');
    const reply = await socket.emitWithAck('auth:refresh', { token: again.token });
    expect(reply).toEqual({ ok: true, expiresAt: expect.any(String) });
    // Refreshing rotates the session: the socket now belongs to the new one.
    expect(node.gateway.io.of('/').sockets.get(socket.id as string)?.data.sessionId).toBe(again.sessionId);

    const carol = await world.login('carol');
    expect(await socket.emitWithAck('auth:refresh', { token: carol.token })).toMatchObject({
      error: { code: 'forbidden' },
    });
    expect(await socket.emitWithAck('auth:refresh', { token: 'not-a-jwt' })).toMatchObject({
      error: { code: 'unauthorized' },
    });
    const loose = socket as unknown as { emitWithAck(event: string, payload: unknown): Promise<unknown> };
    expect(await loose.emitWithAck('auth:refresh', { token: 42 })).toMatchObject({ error: { code: 'bad_request' } });
    await withTenant(sql, world.tenantId, (tx) => revokeSessionChain(tx, world.tenantId, login.sessionId));
    expect(await socket.emitWithAck('auth:refresh', { token: login.token })).toMatchObject({
      error: { code: 'unauthorized' },
    });
  });
});

describe('session checks', () => {
  it('closes the sockets of a revoked session and a deactivated operator, saying why, and no others', async () => {
    const world = await createDemoWorld(sql);
    const alice = await world.login('alice');
    const aliceElsewhere = await world.login('alice');
    const bob = await world.login('bob');
    const revoked = await node.connect(alice);
    const deactivated = await node.connect(bob);
    const unaffected = await node.connect(aliceElsewhere);
    const client = openClient({ url: node.url, getToken: () => alice.token, deviceId: 'library' });
    await untilConnected([client]);
    const told = { revoked: collect(revoked, 'auth:expired'), deactivated: collect(deactivated, 'auth:expired') };
    const closed = [disconnection(revoked), disconnection(deactivated)];

    await withTenant(sql, world.tenantId, (tx) => revokeSessionChain(tx, world.tenantId, alice.sessionId));
    await sql`update operators set is_active = false where id = ${bob.operatorId}`;
    expect(await Promise.all(closed)).toEqual(['io server disconnect', 'io server disconnect']);
    expect(told.revoked).toEqual([{ reason: 'session_revoked' }]);
    expect(told.deactivated).toEqual([{ reason: 'operator_inactive' }]);
    await eventually(() => expect(client.status()).toBe('offline'));
    expect(client.authFailures).toEqual(['session_revoked']);
    expect(unaffected.connected).toBe(true);
    expect(await unaffected.emitWithAck('sync', { after: 0 })).toMatchObject({ ok: true });
  });

  it('closes every socket of a suspended tenant, and only of that tenant', async () => {
    const world = await createDemoWorld(sql);
    const other = await createDemoWorld(sql);
    const sockets = [await node.connect(await world.login('carol')), await node.connect(await world.login('owner'))];
    const stranger = await node.connect(await other.login('carol'));
    const told = sockets.map((socket) => collect(socket, 'auth:expired'));
    const closed = sockets.map(disconnection);

    await sql`update tenants set suspended = true where id = ${world.tenantId}`;
    await Promise.all(closed);
    expect(told).toEqual([[{ reason: 'tenant_suspended' }], [{ reason: 'tenant_suspended' }]]);
    expect(stranger.connected).toBe(true);
  });
});
