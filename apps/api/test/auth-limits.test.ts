// Login and sign-up limits under attack: a forged X-Forwarded-For changes
// nothing unless TRUST_PROXY names the peer; a stranger failing on an account
// cannot lock its owner out; one address spraying many accounts is stopped;
// the progressive delay engages (seen in its metric, not timed).
import { randomUUID } from 'node:crypto';
import { uniqueSlug } from '@relay/db/testing';
import { createMetrics } from '@relay/metrics';
import { describe, expect, it } from 'vitest';
import { type Api, config, expectErrorShape, useApi } from './support/api-harness.ts';

/** Behind a proxy on loopback: X-Forwarded-For names the client, so a test can be many clients. */
const behindProxy = { ...config, trustProxy: ['loopback'] };
/** Delays of a millisecond or two: the tests check what is refused, not how long it takes. */
const quick = { delayBaseMs: 1, maxDelayMs: 2 };
const from = (ip: string) => ({ 'x-forwarded-for': ip });

function signUpBody() {
  const slug = uniqueSlug('limits');
  return { name: 'Limits', slug, owner: { name: 'Ada', email: `ada@${slug}.test`, password: 'correct horse' } };
}

function login(api: Api, ip: string, tenant: string, email: string, password: string) {
  return api.call('POST', '/api/v1/auth/login', { body: { tenant, email, password }, headers: from(ip) });
}

async function throttled(metrics: ReturnType<typeof createMetrics>, limit: string) {
  const { values } = await metrics.authThrottled.get();
  return values.find((v) => v.labels.limit === limit)?.value ?? 0;
}

describe('TRUST_PROXY off (the default)', () => {
  const api = useApi();

  it('ignores a forged X-Forwarded-For: varying it does not escape the per-IP sign-up limit', async () => {
    expect(config.trustProxy).toBe(false);
    let tenantId = '';
    for (let i = 0; i < 10; i++) {
      const reply = await api.call('POST', '/api/v1/tenants', { body: signUpBody(), headers: from(`203.0.113.${i}`) });
      expect(reply.status).toBe(201);
      tenantId = reply.body.tenant.id;
    }
    const blocked = await api.call('POST', '/api/v1/tenants', { body: signUpBody(), headers: from('192.0.2.99') });
    expectErrorShape(blocked, 429, 'rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(0);
    // What is recorded is the peer's address, not the header's.
    const [row] = await api.sql`select ip from audit_log where tenant_id = ${tenantId} and action = 'tenant.create'`;
    expect(row?.ip).toBe('127.0.0.1');
  });
});

describe('TRUST_PROXY naming the peer', () => {
  const api = useApi({ config: { ...config, trustProxy: ['127.0.0.1'] } });

  it('honours X-Forwarded-For from it: each client address has its own sign-up limit', async () => {
    const ip = `198.51.100.${Math.floor(Math.random() * 250) + 1}`;
    for (let i = 0; i < 10; i++) {
      expect((await api.call('POST', '/api/v1/tenants', { body: signUpBody(), headers: from(ip) })).status).toBe(201);
    }
    expectErrorShape(await api.call('POST', '/api/v1/tenants', { body: signUpBody(), headers: from(ip) }), 429);
    const other = await api.call('POST', '/api/v1/tenants', { body: signUpBody(), headers: from('192.0.2.1') });
    expect(other.status).toBe(201);
    const [row] = await api.sql`
      select ip from audit_log where tenant_id = ${other.body.tenant.id} and action = 'tenant.create'`;
    expect(row?.ip).toBe('192.0.2.1');
  });
});

describe('login limits', () => {
  const metrics = createMetrics({ app: 'api-test' });
  const api = useApi({ config: behindProxy, metrics, authLimits: { login: quick } });

  it('does not let a stranger lock alice out: 50 failures from X, alice logs in from Y', async () => {
    const { slug } = await api.demoTenant();
    const attacker = '198.51.100.66';
    const statuses: number[] = [];
    let last: Awaited<ReturnType<typeof login>> | undefined;
    for (let i = 0; i < 50; i++) {
      last = await login(api, attacker, slug, 'alice@demo.test', `guess-${i}`);
      statuses.push(last.status);
    }
    // Ten tries at the password from one address, then that address is refused on this account.
    expect(statuses.slice(0, 10)).toEqual(Array(10).fill(401));
    expect(statuses.slice(10)).toEqual(Array(40).fill(429));
    expectErrorShape(last as NonNullable<typeof last>, 429, 'rate_limited');
    const retryAfter = Number(last?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(15 * 60);
    // Even the right password waits, from the attacker's address on this account...
    expectErrorShape(await login(api, attacker, slug, 'alice@demo.test', 'demo1234'), 429, 'rate_limited');
    // ...but alice, from her own address, gets in at once.
    expect((await login(api, '192.0.2.10', slug, 'alice@demo.test', 'demo1234')).status).toBe(200);
    // And the attacker's address is not blocked on other accounts.
    expect((await login(api, attacker, slug, 'bob@demo.test', 'demo1234')).status).toBe(200);
    // The failures were slowed from the fourth on.
    expect(await throttled(metrics, 'delayed')).toBeGreaterThan(0);
    expect(await throttled(metrics, 'account_ip')).toBeGreaterThanOrEqual(41);
  });

  it('clears an address’s failures on an account when it gets the password right', async () => {
    const { slug } = await api.demoTenant();
    const ip = '192.0.2.20';
    for (let i = 0; i < 9; i++) expect((await login(api, ip, slug, 'bob@demo.test', 'nope')).status).toBe(401);
    expect((await login(api, ip, slug, 'bob@demo.test', 'demo1234')).status).toBe(200);
    for (let i = 0; i < 10; i++) expect((await login(api, ip, slug, 'bob@demo.test', 'nope')).status).toBe(401);
    expectErrorShape(await login(api, ip, slug, 'bob@demo.test', 'nope'), 429, 'rate_limited');
  });

  it('slows, but never refuses, an account guessed at from many addresses', async () => {
    const { slug } = await api.demoTenant();
    const before = await throttled(metrics, 'delayed');
    // Two failures per address (under the per-address delay), 15 addresses: 30 on the account.
    for (let host = 1; host <= 15; host++) {
      for (let i = 0; i < 2; i++) {
        expect((await login(api, `203.0.113.${host}`, slug, 'carol@demo.test', 'nope')).status).toBe(401);
      }
    }
    // Past the account's 20 failures every attempt waited; the owner still gets in.
    expect(await throttled(metrics, 'delayed')).toBeGreaterThanOrEqual(before + 10);
    expect((await login(api, '192.0.2.30', slug, 'carol@demo.test', 'demo1234')).status).toBe(200);
  });
});

describe('an address spraying many accounts', () => {
  const api = useApi({ config: behindProxy, authLimits: { login: { ...quick, perIp: 20 } } });

  it('is refused everywhere once it has failed perIp times, other addresses go on', async () => {
    const { slug } = await api.demoTenant();
    const sprayer = '198.51.100.77';
    for (let i = 0; i < 20; i++) {
      const reply = await login(api, sprayer, slug, `nobody-${i}@demo.test`, 'Winter2026!');
      expect(reply.status).toBe(401);
    }
    const blocked = await login(api, sprayer, slug, `nobody-x@demo.test`, 'Winter2026!');
    expectErrorShape(blocked, 429, 'rate_limited');
    expect(Number(blocked.headers.get('retry-after'))).toBeGreaterThan(15 * 60);
    expectErrorShape(await login(api, sprayer, slug, 'alice@demo.test', 'demo1234'), 429, 'rate_limited');
    expect((await login(api, '192.0.2.40', slug, 'alice@demo.test', 'demo1234')).status).toBe(200);
  });

  it('is not a stranger’s lever either: successes do not count against an address', async () => {
    const { slug } = await api.demoTenant();
    const office = `192.0.2.${Math.floor(Math.random() * 50) + 100}`;
    // Many people behind one office address logging in fine never reach the limit.
    for (let i = 0; i < 25; i++)
      expect((await login(api, office, slug, 'supervisor@demo.test', 'demo1234')).status).toBe(200);
  });
});

describe('the password check of a password change', () => {
  const api = useApi({ config: behindProxy, authLimits: { login: quick } });

  it('is limited like a login (a stolen access token is no way to guess the password)', async () => {
    const { slug } = await api.demoTenant();
    const pair = await api.login(slug, 'alice@demo.test');
    const change = (currentPassword: string) =>
      api.call('POST', '/api/v1/me/password', {
        token: pair.accessToken,
        body: { currentPassword, newPassword: `new-password-${randomUUID()}` },
        headers: from('198.51.100.88'),
      });
    for (let i = 0; i < 10; i++) expect((await change('nope')).status).toBe(422);
    expectErrorShape(await change('nope'), 429, 'rate_limited');
  });
});
