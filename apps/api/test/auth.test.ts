// Login, refresh and logout through the typed client: every answer is parsed with its route's
// contract (apiRoutes.auth), so a drifting answer fails here too.
import { apiRoutes } from '@relay/contracts';
import jwt from 'jsonwebtoken';
import { describe, expect, it } from 'vitest';
import { config, expectErrorShape, refused, useApi } from './support/api-harness.ts';

const api = useApi();
const { logIn, refreshTokens, logOut } = apiRoutes.auth;
const refresh = (refreshToken: string) => api.client().call(refreshTokens, { body: { refreshToken } });

describe('login', () => {
  it('returns a token pair and the operator, and /me works with the access token', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const pair = await api
      .client()
      .call(logIn, { body: { tenant: slug, email: 'ALICE@demo.test ', password: 'demo1234' } });
    expect(pair.expiresIn).toBe(config.auth.accessTokenTtlSeconds);
    expect(pair.refreshToken).toMatch(/^rt_/);
    expect(pair.operator).toMatchObject({ email: 'alice@demo.test', role: 'operator', tenantId });
    expect(pair.operator).not.toHaveProperty('passwordHash');
    const me = await api.call('GET', '/api/v1/me', { token: pair.accessToken });
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: 'alice@demo.test', name: 'Alice Ivanova' });
  });

  it('answers a wrong password and an unknown workspace the same way', async () => {
    const { slug } = await api.demoTenant();
    const login = (tenant: string) =>
      api.client().call(logIn, { body: { tenant, email: 'alice@demo.test', password: 'nope' } });
    const wrong = await refused(login(slug), 401, 'unauthorized');
    const unknown = await refused(login('no-such-workspace'), 401, 'unauthorized');
    expect(unknown.error).toEqual(wrong.error);
  });

  it('refuses deactivated operators and suspended workspaces', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const pair = await api.login(slug, 'carol@demo.test');
    await api.sql`update operators set is_active = false where tenant_id = ${tenantId} and email = 'carol@demo.test'`;
    expectErrorShape(await api.call('GET', '/api/v1/me', { token: pair.accessToken }), 401, 'unauthorized');

    const owner = await api.login(slug, 'owner@demo.test');
    await api.sql`update tenants set suspended = true where id = ${tenantId}`;
    expectErrorShape(await api.call('GET', '/api/v1/me', { token: owner.accessToken }), 403, 'tenant_suspended');
    await refused(
      api.client().call(logIn, { body: { tenant: slug, email: 'owner@demo.test', password: 'demo1234' } }),
      403,
      'tenant_suspended',
    );
  });
});

describe('tokens', () => {
  it('refuses forged, unsigned, expired and missing tokens', async () => {
    const { slug } = await api.demoTenant();
    const pair = await api.login(slug, 'alice@demo.test');
    const claims = jwt.decode(pair.accessToken) as Record<string, unknown>;
    const forged = jwt.sign({ ...claims, role: 'owner' }, 'some-other-secret-that-is-long-enough-000');
    const unsigned = jwt.sign({ ...claims }, '', { algorithm: 'none' });
    const expired = jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, config.auth.jwtSecret);
    for (const token of [forged, unsigned, expired, 'garbage']) {
      expectErrorShape(await api.call('GET', '/api/v1/me', { token }), 401, 'unauthorized');
    }
    expectErrorShape(await api.call('GET', '/api/v1/me'), 401, 'unauthorized');
  });

  it('rotates refresh tokens, and a reused one ends the whole line', async () => {
    const { slug } = await api.demoTenant();
    const first = await api.login(slug, 'alice@demo.test');
    const second = await refresh(first.refreshToken);
    expect(second.refreshToken).not.toBe(first.refreshToken);
    expect((await api.call('GET', '/api/v1/me', { token: second.accessToken })).status).toBe(200);

    // The first token again, after the grace window for concurrent refreshes: someone
    // copied it. Both it and its successor die.
    const sid = (jwt.decode(first.accessToken) as { sid: string }).sid;
    await api.sql`update sessions set revoked_at = now() - interval '1 hour' where id = ${sid}`;
    await refused(refresh(first.refreshToken), 401);
    expectErrorShape(await api.call('GET', '/api/v1/me', { token: second.accessToken }), 401);
    await refused(refresh(second.refreshToken), 401);
  });

  // The refresh asks the session verdict (as authenticate does); its refusals keep their own words.
  it('refuses to refresh an expired session and a deactivated operator, saying which', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const alice = await api.login(slug, 'alice@demo.test');
    const sid = (jwt.decode(alice.accessToken) as { sid: string }).sid;
    await api.sql`update sessions set expires_at = now() - interval '1 second' where id = ${sid}`;
    const expired = await refused(refresh(alice.refreshToken), 401, 'unauthorized');
    expect(expired.message).toBe('the refresh token has expired; log in again');

    // Deactivated with its sessions left open: the refresh itself refuses it.
    const bob = await api.login(slug, 'bob@demo.test');
    const rotated = await refresh(bob.refreshToken);
    await api.sql`update operators set is_active = false where tenant_id = ${tenantId} and email = 'bob@demo.test'`;
    const inactive = await refused(refresh(rotated.refreshToken), 401, 'unauthorized');
    expect(inactive.message).toBe('this account is deactivated');
    // The first token again, within the grace window: its successor's operator is checked alike.
    const duplicate = await refused(refresh(bob.refreshToken), 401, 'unauthorized');
    expect(duplicate.message).toBe('this account is deactivated');
  });

  it('refuses to refresh a suspended or deactivated workspace’s session as authenticate refuses its requests', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const alice = await api.login(slug, 'alice@demo.test');
    const bob = await api.login(slug, 'bob@demo.test');
    const rotated = await refresh(bob.refreshToken);
    await api.sql`update tenants set suspended = true where id = ${tenantId}`;
    const request = await api.call('GET', '/api/v1/me', { token: alice.accessToken });
    expectErrorShape(request, 403, 'tenant_suspended');
    const suspended = await refused(refresh(alice.refreshToken), 403, 'tenant_suspended');
    expect(suspended.message).toBe(request.body.error.message);
    // The first token again, within the grace window: its successor's workspace is checked alike.
    const duplicate = await refused(refresh(bob.refreshToken), 403, 'tenant_suspended');
    expect(duplicate.message).toBe(request.body.error.message);
    await refused(refresh(rotated.refreshToken), 403, 'tenant_suspended');

    // A refusal does not end the session: lifted, the same token refreshes; deactivated, refused alike.
    await api.sql`update tenants set suspended = false where id = ${tenantId}`;
    const again = await refresh(alice.refreshToken);
    await api.sql`update tenants set is_active = false where id = ${tenantId}`;
    await refused(refresh(again.refreshToken), 403, 'tenant_suspended');
  });

  it('ends the session on logout', async () => {
    const { slug } = await api.demoTenant();
    const pair = await api.login(slug, 'bob@demo.test');
    expect(await api.client(pair.accessToken).call(logOut, { body: {} })).toBeUndefined();
    expectErrorShape(await api.call('GET', '/api/v1/me', { token: pair.accessToken }), 401);
    await refused(refresh(pair.refreshToken), 401);
    await refused(api.client().call(logOut, { body: {} }), 401, 'unauthorized');
  });
});
