import { describe, expect, it } from 'vitest';
import { expectErrorShape, useApi } from './support/api-harness.ts';

const api = useApi();

describe('PATCH /me', () => {
  it('changes name, availability and notification settings, merging settings field by field', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const alice = await api.login(slug, 'alice@demo.test');
    const token = alice.accessToken;
    const first = await api.call('PATCH', '/api/v1/me', {
      token,
      body: {
        name: 'Alice I.',
        availability: 'online',
        settings: { muted: true, quietHours: { from: '22:00', to: '08:00', timezone: 'Europe/Moscow' } },
      },
    });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ name: 'Alice I.', availability: 'online', settings: { muted: true } });

    const second = await api.call('PATCH', '/api/v1/me', { token, body: { settings: { sound: false } } });
    expect(second.body.settings).toEqual({
      muted: true,
      sound: false,
      quietHours: { from: '22:00', to: '08:00', timezone: 'Europe/Moscow' },
    });
    const cleared = await api.call('PATCH', '/api/v1/me', { token, body: { settings: { quietHours: null } } });
    expect(cleared.body.settings.quietHours).toBeNull();
    expect((await api.call('GET', '/api/v1/me', { token })).body.settings).toMatchObject({ muted: true, sound: false });

    const [row] = await api.sql`select name, availability from operators where id = ${alice.operator.id}`;
    expect(row).toEqual({ name: 'Alice I.', availability: 'online' });
    const audit = await api.sql`
      select action from audit_log where tenant_id = ${tenantId} and operator_id = ${alice.operator.id} and action = 'me.update'`;
    expect(audit).toHaveLength(3);
  });

  it('announces availability changes tenant-wide as operator.updated, and only real changes', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const bob = await api.login(slug, 'bob@demo.test');
    const events = () => api.published.filter((e) => e.tenantId === tenantId && e.type === 'operator.updated');
    await api.call('PATCH', '/api/v1/me', { token: bob.accessToken, body: { availability: 'away' } });
    expect(events()).toHaveLength(1);
    expect(events()[0]?.audience).toEqual({});
    expect(events()[0]?.payload).toMatchObject({ operatorId: bob.operator.id, availability: 'away' });

    await api.call('PATCH', '/api/v1/me', { token: bob.accessToken, body: { availability: 'away' } });
    await api.call('PATCH', '/api/v1/me', { token: bob.accessToken, body: { settings: { desktop: true } } });
    expect(events()).toHaveLength(1);

    // It is for the whole tenant: another operator gets it on catch-up.
    const carol = await api.login(slug, 'carol@demo.test');
    const caughtUp = await api.call('GET', '/api/v1/events?after=0', { token: carol.accessToken });
    expect(caughtUp.body.events.map((e: { type: string }) => e.type)).toContain('operator.updated');
  });

  it('refuses bad settings with the field named', async () => {
    const { slug } = await api.demoTenant();
    const { accessToken: token } = await api.login(slug, 'alice@demo.test');
    const zone = await api.call('PATCH', '/api/v1/me', {
      token,
      body: { settings: { quietHours: { from: '22:00', to: '08:00', timezone: 'Mars/Olympus' } } },
    });
    expectErrorShape(zone, 400, 'bad_request');
    expect(zone.body.error.details[0].path).toEqual(['settings', 'quietHours', 'timezone']);
    const time = await api.call('PATCH', '/api/v1/me', {
      token,
      body: { settings: { quietHours: { from: '24:00', to: '08:00', timezone: 'UTC' } } },
    });
    expect(time.body.error.details[0].path).toEqual(['settings', 'quietHours', 'from']);
    expectErrorShape(await api.call('PATCH', '/api/v1/me', { token, body: { availability: 'busy' } }), 400);
    expectErrorShape(await api.call('PATCH', '/api/v1/me', { token, body: {} }), 400);
  });
});

describe('POST /me/password', () => {
  it('needs the current password, then ends the other sessions but not this one', async () => {
    const { slug, tenantId } = await api.demoTenant();
    const here = await api.login(slug, 'alice@demo.test');
    const elsewhere = await api.login(slug, 'alice@demo.test');

    const wrong = await api.call('POST', '/api/v1/me/password', {
      token: here.accessToken,
      body: { currentPassword: 'not-it', newPassword: 'a much better one' },
    });
    expectErrorShape(wrong, 422, 'unprocessable');
    expect(wrong.body.error.message).toMatch(/current password/);
    const short = await api.call('POST', '/api/v1/me/password', {
      token: here.accessToken,
      body: { currentPassword: 'demo1234', newPassword: 'short' },
    });
    expect(short.body.error.details[0].path).toEqual(['newPassword']);
    expect((await api.call('GET', '/api/v1/me', { token: elsewhere.accessToken })).status).toBe(200);

    const changed = await api.call('POST', '/api/v1/me/password', {
      token: here.accessToken,
      body: { currentPassword: 'demo1234', newPassword: 'a much better one' },
    });
    expect(changed.status).toBe(204);
    expect((await api.call('GET', '/api/v1/me', { token: here.accessToken })).status).toBe(200);
    expectErrorShape(await api.call('GET', '/api/v1/me', { token: elsewhere.accessToken }), 401, 'unauthorized');
    expectErrorShape(
      await api.call('POST', '/api/v1/auth/refresh', { body: { refreshToken: elsewhere.refreshToken } }),
      401,
    );
    expectErrorShape(
      await api.call('POST', '/api/v1/auth/login', {
        body: { tenant: slug, email: 'alice@demo.test', password: 'demo1234' },
      }),
      401,
    );
    expect((await api.login(slug, 'alice@demo.test', 'a much better one')).operator.id).toBe(here.operator.id);
    const [audit] = await api.sql`
      select details from audit_log where tenant_id = ${tenantId} and action = 'me.password'`;
    expect(audit?.details).toEqual({ sessionsEnded: 1 });
  });
});
