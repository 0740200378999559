// Refresh rotation with a grace window: concurrent refreshes of one token (two
// tabs) all get the same new pair; the old token used after the window still
// counts as theft and ends the session's line. Refresh and logout go through the typed client
// (apiRoutes.auth), so every pair is parsed with its contract.
import { apiRoutes } from '@relay/contracts';
import jwt from 'jsonwebtoken';
import { describe, expect, inject, it } from 'vitest';
import { type Api, config, expectErrorShape, refused, useApi } from './support/api-harness.ts';

const api = useApi();
// A second API on the same database, with its own memory (and, on PostgreSQL, its own pool):
// what the grace needs must not live in one process. Embedded PGlite is one process's
// database with one connection (standalone), so there the two share it.
const other = useApi(inject('embeddedDatabase') ? { sql: api.sql } : {});

const refresh = (refreshToken: string, via: Api = api) =>
  via.client().call(apiRoutes.auth.refreshTokens, { body: { refreshToken } });
const sessionOf = (accessToken: string) => (jwt.decode(accessToken) as { sid: string }).sid;

describe('refresh grace window', () => {
  it('gives 8 concurrent refreshes of one token, across two API processes, the same new pair, which works afterwards', async () => {
    expect(config.auth.refreshGraceSeconds).toBe(30);
    const { slug } = await api.demoTenant();
    const first = await api.login(slug, 'alice@demo.test');

    const replies = await Promise.all(
      Array.from({ length: 8 }, (_, i) => refresh(first.refreshToken, i % 2 === 0 ? api : other)),
    );
    // Each call succeeded with the contract's 200 (the client refuses anything else).
    expect(replies).toHaveLength(8);
    const tokens = new Set(replies.map((r) => r.refreshToken));
    expect(tokens.size).toBe(1);
    const [next] = tokens;
    expect(next).not.toBe(first.refreshToken);
    // One rotation happened: every access token names the same successor session.
    const sessions = new Set(replies.map((r) => sessionOf(r.accessToken)));
    expect(sessions.size).toBe(1);
    expect(sessions.has(sessionOf(first.accessToken))).toBe(false);
    const [successors] = await api.sql`
      select count(*)::int as n from sessions where id in (
        select replaced_by_id from sessions where id = ${sessionOf(first.accessToken)})`;
    expect(successors?.n).toBe(1);

    for (const reply of replies) {
      expect((await api.call('GET', '/api/v1/me', { token: reply.accessToken })).status).toBe(200);
    }
    const later = await refresh(next as string);
    expect(later.refreshToken).not.toBe(next);
    expect((await api.call('GET', '/api/v1/me', { token: later.accessToken })).status).toBe(200);
  });

  it('takes the old token after the window for a copy: 401, and the whole line ends', async () => {
    const { slug } = await api.demoTenant();
    const first = await api.login(slug, 'bob@demo.test');
    const second = await refresh(first.refreshToken);
    expect(second.refreshToken).toMatch(/^rt_/);
    // The rotation happened longer ago than the window.
    await api.sql`
      update sessions set revoked_at = now() - make_interval(secs => ${config.auth.refreshGraceSeconds + 1})
       where id = ${sessionOf(first.accessToken)}`;

    await refused(refresh(first.refreshToken), 401, 'unauthorized');
    expectErrorShape(await api.call('GET', '/api/v1/me', { token: second.accessToken }), 401);
    await refused(refresh(second.refreshToken), 401, 'unauthorized');
    const [left] = await api.sql`
      select count(*)::int as n from sessions where id = ${sessionOf(second.accessToken)} and revoked_at is null`;
    expect(left?.n).toBe(0);
    // Nothing sealed is left behind on a revoked line.
    const [sealed] = await api.sql`
      select successor_token_sealed from sessions where id = ${sessionOf(first.accessToken)}`;
    expect(sealed?.successorTokenSealed).toBeNull();
  });

  it('refuses a duplicate within the window whose successor logged out, without ending anything else', async () => {
    const { slug } = await api.demoTenant();
    const first = await api.login(slug, 'carol@demo.test');
    const second = await refresh(first.refreshToken);
    const other = await api.login(slug, 'carol@demo.test');
    expect(await api.client(second.accessToken).call(apiRoutes.auth.logOut, { body: {} })).toBeUndefined();

    await refused(refresh(first.refreshToken), 401, 'unauthorized');
    // Another device's session is untouched.
    expect((await refresh(other.refreshToken)).refreshToken).not.toBe(other.refreshToken);
  });

  it('stores the successor sealed, never as the token itself, and only for the window', async () => {
    const { slug } = await api.demoTenant();
    const first = await api.login(slug, 'owner@demo.test');
    const second = await refresh(first.refreshToken);
    const [row] = await api.sql<{ successorTokenSealed: string }[]>`
      select successor_token_sealed from sessions where id = ${sessionOf(first.accessToken)}`;
    expect(row?.successorTokenSealed).toMatch(/^v1\./);
    expect(row?.successorTokenSealed).not.toContain(second.refreshToken);

    // Once the window has passed, the operator's next rotation drops it.
    await api.sql`update sessions set revoked_at = now() - interval '1 hour' where id = ${sessionOf(first.accessToken)}`;
    expect((await refresh(second.refreshToken)).refreshToken).toMatch(/^rt_/);
    const [after] = await api.sql`
      select successor_token_sealed from sessions where id = ${sessionOf(first.accessToken)}`;
    expect(after?.successorTokenSealed).toBeNull();
  });
});

describe('refresh with the grace window off', () => {
  const strict = useApi({ config: { ...config, auth: { ...config.auth, refreshGraceSeconds: 0 } } });

  it('treats any second use as a copy', async () => {
    const { slug } = await strict.demoTenant();
    const first = await strict.login(slug, 'alice@demo.test');
    const second = await refresh(first.refreshToken, strict);
    await refused(refresh(first.refreshToken, strict), 401, 'unauthorized');
    await refused(refresh(second.refreshToken, strict), 401, 'unauthorized');
  });
});
